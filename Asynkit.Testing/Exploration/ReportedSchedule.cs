namespace Asynkit.Testing.Exploration;

/// <summary>The schedule a result reports, as the failure pipeline left it: shrunk, traced and encoded.</summary>
/// <param name="Iteration">The 1-based number of the failing schedule, or null when it passed (a replay that passed).</param>
/// <param name="Strategy">What ran the failing schedule, or null.</param>
/// <param name="FoundAfter">Time until the failure was known, or null.</param>
/// <param name="Failure">The failure of the reported schedule, or null.</param>
/// <param name="ReplayToken">The token that replays it, or null when it did not run on our loop.</param>
/// <param name="Trace">Its readable trace, or null.</param>
/// <param name="Events">Its trace events, or null.</param>
/// <param name="Shrinking">What shrinking did, or null.</param>
internal sealed record ReportedSchedule(int? Iteration, string? Strategy, TimeSpan? FoundAfter, Exception? Failure, string? ReplayToken,
    string? Trace, IReadOnlyList<TraceEvent>? Events, ShrinkReport? Shrinking)
{
    /// <summary>What the reported run noted without failing (see <see cref="AsynkitLoop.Warnings"/>), or null.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }
}
