using System.Globalization;

namespace Asynkit.Testing.Exploration;

/// <summary>What one test runs, for any test framework: its mode and <see cref="ExplorationOptions"/>, from its settings, its
/// name, its timeout and the ASYNKIT_* environment variables.</summary>
internal sealed class TestPlan
{
    private TestPlan(string fullName, string? rowKey, TestMode mode)
    {
        FullName = fullName;
        RowKey = rowKey;
        Mode = mode;
    }

    /// <summary>The test's full name (for a theory row, with its arguments): its seed and report names derive from it.</summary>
    public string FullName { get; }

    /// <summary>The short stable key of a theory row, which scopes a replay token to it; null for a fact.</summary>
    public string? RowKey { get; }

    /// <summary>The mode after replay scoping: a row-scoped token for another row leaves this row in its own mode.</summary>
    public TestMode Mode { get; }

    /// <summary>The options to explore with; null when this shard has no schedule of this test to run.</summary>
    public ExplorationOptions? Options { get; private init; }

    /// <summary>The schedules of the whole exploration, over all shards.</summary>
    public int TotalIterations { get; private init; } = 1;

    /// <summary>Where the iteration count came from: "" for the settings, or the variable.</summary>
    public string IterationsSource { get; private init; } = "";

    public ShardSpec? Shard { get; private init; }

    /// <summary>Why this shard runs no schedule of the test (when <see cref="Options"/> is null).</summary>
    public string? EmptyShardReason { get; private init; }

    /// <summary>Where the seed came from, for the failure message.</summary>
    public string SeedSource { get; private init; } = "";

    /// <summary>The test's Timeout in milliseconds; 0 for none.</summary>
    public int TimeoutMilliseconds { get; private init; }

    /// <summary>"; shard 2/4 runs iterations 26-50", or "" when the run is not sharded.</summary>
    public string ShardText =>
        Shard is { } shard && Options is { } options
            ? string.Create(CultureInfo.InvariantCulture, $"; shard {shard} runs iterations {options.FirstSchedule:N0}-{options.FirstSchedule + options.Iterations - 1:N0}")
            : "";

    /// <param name="settings">The test's settings.</param>
    /// <param name="fullName">The test's full name (class, method and, for a row, its arguments).</param>
    /// <param name="rowKey">A theory row's key, or null.</param>
    /// <param name="timeoutMilliseconds">The test's timeout; 0 for none.</param>
    /// <exception cref="FormatException">An ASYNKIT_* variable has a value that cannot be used (exploring tests only).</exception>
    public static TestPlan Create(TestSettings settings, string fullName, string? rowKey, int timeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(fullName);
        string? token = settings.Replay is { } replay ? ReplayScope.TokenFor(replay, rowKey) : null;
        TestMode mode = token is not null ? TestMode.Replay : (settings with { Replay = null }).Mode;
        var loopOptions = new LoopOptions();
        if (timeoutMilliseconds > 0)
        {
            loopOptions.WallClockTimeout = TimeSpan.FromMilliseconds(timeoutMilliseconds);
        }

        var common = new ExplorationOptions
        {
            Name = fullName,
            PctDepth = settings.PctDepth,
            Shrink = settings.Shrink,
            LoopOptions = loopOptions,
            RequireCoverage = settings.RequireCoverage,
            CoverageLabels = settings.CoverageLabels,
        };
        if (timeoutMilliseconds > 0)
        {
            TimeSpan timeout = TimeSpan.FromMilliseconds(timeoutMilliseconds);
            common = common with { ShrinkTimeLimit = timeout < common.ShrinkTimeLimit ? timeout : common.ShrinkTimeLimit };
        }

        if (mode != TestMode.Exploration)
        {
            return new TestPlan(fullName, rowKey, mode)
            {
                Options = common with
                {
                    Iterations = 1,
                    Strategy = StrategyKind.Fifo,
                    Seed = 0,
                    Replay = token,
                    StrictReplay = settings.StrictReplay,

                    // A FIFO test reports its own FIFO run: shrinking would swap in another, smaller failing schedule.
                    Shrink = mode == TestMode.Replay && settings.Shrink,
                    MaxSteps = settings.MaxSteps > 0 ? settings.MaxSteps : mode == TestMode.Replay ? TestSettings.DefaultExplorationSteps : TestSettings.DefaultSingleRunSteps,
                    ReportDirectory = AsynkitEnvironment.ReadReportDirectory(),
                },
                TimeoutMilliseconds = timeoutMilliseconds,
                SeedSource = "no seed: FIFO order",
            };
        }

        AsynkitEnvironment environment = AsynkitEnvironment.Read();
        int total = environment.Iterations ?? settings.Iterations;
        (int seed, string seedSource) = environment.Seed is { } baseSeed
            ? (StableHash.Seed($"{fullName}#{baseSeed}"), $"{AsynkitEnvironment.SeedVariable}={baseSeed} mixed with the test name")
            : settings.Seed != 0
                ? (settings.Seed, "set by the attribute")
                : (StableHash.Seed(fullName), "derived from the test name");
        StrategyKind strategy = TestSettings.ResolveStrategy(settings.Strategy, exploring: true);
        (int first, int count) = environment.Shard switch
        {
            null => (1, total),

            // Exhaustive search reaches schedule i only by enumerating the ones before it: it runs whole, in shard 1.
            { } shard when strategy == StrategyKind.Exhaustive => shard.Index == 1 ? (1, total) : (1, 0),
            { } shard => shard.Range(total),
        };
        return new TestPlan(fullName, rowKey, mode)
        {
            EmptyShardReason = count > 0 ? null
                : strategy == StrategyKind.Exhaustive ? "exhaustive search cannot be split by schedule number, so shard 1 runs all of it"
                : string.Create(CultureInfo.InvariantCulture, $"this test has only {total:N0} iteration(s) for {environment.Shard?.Count} shards"),
            Options = count == 0 ? null : common with
            {
                Iterations = count,
                FirstSchedule = first,
                Strategy = strategy,
                Seed = seed,
                MaxSteps = settings.MaxSteps > 0 ? settings.MaxSteps : TestSettings.DefaultExplorationSteps,
                Parallelism = environment.Parallelism ?? (settings.Parallelism > 0 ? settings.Parallelism : 1),

                // A shard runs a part of the schedules: a label another shard reaches is no failure of this one.
                RequireCoverage = settings.RequireCoverage && environment.Shard is null,
                TimeLimit = timeoutMilliseconds > 0 ? TimeSpan.FromMilliseconds(timeoutMilliseconds) : null,
                ReportDirectory = environment.ReportDirectory,
            },
            TotalIterations = total,
            IterationsSource = environment.Iterations is null ? "" : $" ({AsynkitEnvironment.IterationsVariable})",
            Shard = environment.Shard,
            SeedSource = seedSource,
            TimeoutMilliseconds = timeoutMilliseconds,
        };
    }
}
