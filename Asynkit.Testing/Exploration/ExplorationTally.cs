using System.Diagnostics;

namespace Asynkit.Testing.Exploration;

/// <summary>What a driver counted while it explored: the figures of the result, whatever ran the schedules.</summary>
internal sealed record ExplorationTally
{
    /// <summary>The test's name, for reports.</summary>
    public required string Name { get; init; }

    /// <summary>The exploration's seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Where the seed came from ("derived from the name 'Test'"), for the result's text.</summary>
    public string SeedSource { get; init; } = "";

    /// <summary>How many schedules the exploration was asked to run.</summary>
    public int Iterations { get; init; }

    /// <summary>The strategy (after <see cref="StrategyKind.Default"/> was resolved).</summary>
    public required StrategyKind Strategy { get; init; }

    /// <summary>The <see cref="Stopwatch.GetTimestamp"/> at which the exploration started: the result's Elapsed runs from it.</summary>
    public required long Started { get; init; }

    /// <summary>Why the exploration stopped.</summary>
    public required ExplorationStop Stop { get; init; }

    /// <summary>Schedules run (repeats for the determinism check and shrinking candidates excluded).</summary>
    public int Explored { get; init; }

    /// <summary>Distinct schedules by choice hash; 0 when not measured.</summary>
    public int Distinct { get; init; }

    /// <summary>Schedules that failed.</summary>
    public int Failed { get; init; }

    /// <summary>Steps of the explored schedules.</summary>
    public long Steps { get; init; }

    /// <summary>Time spent running schedules (shrinking and reporting excluded): the schedules-per-second figure's base.</summary>
    public TimeSpan Exploring { get; init; }

    /// <summary>True when exhaustive search enumerated every schedule and none failed.</summary>
    public bool SpaceCovered { get; init; }

    /// <summary>True when the exploration replayed one of our replay tokens.</summary>
    public bool IsReplay { get; init; }

    /// <summary>True when the driver honours <see cref="ExplorationOptions.CheckDeterminism"/>, so a failure note can suggest it.</summary>
    public bool CanCheckDeterminism { get; init; }

    /// <summary>What the explored schedules noted without failing, each once, with the first schedule that noted it; null for nothing.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The coverage labels the explored schedules evaluated, or null when the driver does not collect them.</summary>
    public CoverageTally? Coverage { get; init; }

    /// <summary>Schedules per second of exploring.</summary>
    public double SchedulesPerSecond => Exploring > TimeSpan.Zero ? Explored / Exploring.TotalSeconds : 0;
}
