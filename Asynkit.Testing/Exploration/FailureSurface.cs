namespace Asynkit.Testing.Exploration;

/// <summary>What the surface that shows a result knows and <see cref="FailureText"/> does not: how the test runs, where its
/// iterations and seed came from, and how its user replays a schedule (the xunit attributes paste
/// <c>[AsynkitFact(Replay = "...")]</c>, Explorer's own result says <c>Explorer.Replay(test, "...")</c>).</summary>
internal sealed record FailureSurface
{
    /// <summary>The most trace lines a test framework's failure message shows.</summary>
    public const int TestMessageTraceLines = 150;

    /// <summary>How the test ran.</summary>
    public required TestMode Mode { get; init; }

    /// <summary>The line that replays a replay token.</summary>
    public required Func<string, string> ReplayLine { get; init; }

    /// <summary>The line that replays a driver's own trace file (Coyote's rewritten mode), or null for none.</summary>
    public Func<string, string>? TraceReplayLine { get; init; }

    /// <summary>A line after the replay line (a theory row's scope), or null.</summary>
    public string? ReplayNote { get; init; }

    /// <summary>The schedules of the whole exploration.</summary>
    public int TotalIterations { get; init; }

    /// <summary>Where the iteration count came from: "" or " (ASYNKIT_ITERATIONS)".</summary>
    public string IterationsSource { get; init; } = "";

    /// <summary>Where the seed came from ("derived from the test name").</summary>
    public string SeedSource { get; init; } = "";

    /// <summary>"; shard 2/4 runs iterations 26-50", or "".</summary>
    public string ShardText { get; init; } = "";

    /// <summary>The test's timeout in milliseconds, 0 for none: a wall-clock budget failure then reads as a timeout.</summary>
    public int TimeoutMilliseconds { get; init; }

    /// <summary>The text report the failure is written to, or null.</summary>
    public string? TextReportPath { get; init; }

    /// <summary>The most trace lines to show; null shows the whole trace.</summary>
    public int? MaxTraceLines { get; init; }

    /// <summary>The surface of a test framework's test: its plan, and its replay lines.</summary>
    public static FailureSurface Of(TestPlan plan, Func<string, string> replayLine) => new()
    {
        Mode = plan.Mode,
        ReplayLine = replayLine,
        TotalIterations = plan.TotalIterations,
        IterationsSource = plan.IterationsSource,
        SeedSource = plan.SeedSource,
        ShardText = plan.ShardText,
        TimeoutMilliseconds = plan.TimeoutMilliseconds,
        MaxTraceLines = TestMessageTraceLines,
    };

    /// <summary>The surface of <see cref="ExplorationResult.ToString"/>: what the result itself knows, and Explorer's replay calls.</summary>
    public static FailureSurface Of(ExplorationResult result) => new()
    {
        Mode = result.IsReplay ? TestMode.Replay : result.Strategy == StrategyKind.Fifo ? TestMode.Fifo : TestMode.Exploration,
        ReplayLine = token => $"Explorer.Replay(test, \"{token}\")",
        TraceReplayLine = path => $"new ExplorationOptions {{ Replay = @\"{path.Replace("\"", "\"\"", StringComparison.Ordinal)}\" }}",
        TotalIterations = result.IterationsAsked,
        SeedSource = result.SeedSource,
    };
}
