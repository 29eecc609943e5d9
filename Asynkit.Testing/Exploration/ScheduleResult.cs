namespace Asynkit.Testing.Exploration;

/// <summary>What one explored schedule came to, as the driver tallies it: its number, fingerprint, size and warnings, and for a
/// failure, how it failed and the run itself.</summary>
/// <param name="Index">The 0-based schedule number.</param>
/// <param name="ChoiceHash">The run's choice hash (distinct schedules).</param>
/// <param name="Steps">Steps the run took.</param>
/// <param name="Warnings">What the run noted without failing, or null.</param>
/// <param name="Outcome">How the schedule failed (a repeat's nondeterminism included), or null when it passed.</param>
/// <param name="Run">The run, kept only when it failed.</param>
/// <param name="Strategy">What ran it ("PCT depth 2"), kept only when it failed.</param>
/// <param name="FoundAfter">Time from the exploration's start until the failure was known.</param>
internal readonly record struct ScheduleResult(int Index, ulong ChoiceHash, long Steps, IReadOnlyList<string>? Warnings, Exception? Outcome,
    ScheduleRun? Run, string? Strategy, TimeSpan FoundAfter)
{
    /// <summary>The coverage labels the run evaluated, or null for none.</summary>
    public IReadOnlyDictionary<string, CoverageCount>? Coverage { get; init; }
}
