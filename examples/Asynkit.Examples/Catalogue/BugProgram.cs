namespace Asynkit.Examples.Catalogue;

/// <summary>One entry of the bug catalogue: a small realistic program with a concurrency bug, and its fixed twin.</summary>
/// <param name="Name">Short name used by --only.</param>
/// <param name="Bug">One line: what goes wrong.</param>
/// <param name="Buggy">Runs the buggy program on the current loop; throws when the bug shows.</param>
/// <param name="Fixed">Runs the fixed twin; never throws, under any schedule.</param>
/// <param name="Hint">Which strategy finds it best, and why.</param>
public sealed record BugProgram(string Name, string Bug, Func<Task> Buggy, Func<Task> Fixed, string Hint = "any")
{
    /// <summary>For a bug only an oracle sees (a liveness monitor, a linearizability check, a step invariant): the buggy program
    /// with that oracle switched off, which passes under every schedule; null for a bug the program's own checks see.</summary>
    public Func<Task>? WithoutOracle { get; init; }

    /// <summary>The oracle that finds the bug ("liveness", "linearizability", "step invariant"), or null.</summary>
    public string? Oracle { get; init; }
}
