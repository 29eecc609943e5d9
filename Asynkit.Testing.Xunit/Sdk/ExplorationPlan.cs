using System.Globalization;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>What one test runs: its mode and <see cref="ExplorationOptions"/>, from the attribute's settings, the test's identity,
/// its Timeout and the ASYNKIT_* environment variables.</summary>
internal sealed class ExplorationPlan
{
    /// <summary>The step budget of each explored schedule when MaxSteps is 0.</summary>
    public const int DefaultExplorationSteps = 100_000;

    /// <summary>The step budget of a single FIFO run when MaxSteps is 0 (the loop's own default).</summary>
    public const int DefaultSingleRunSteps = 10_000_000;

    private ExplorationPlan(TestIdentity identity, AsynkitMode mode)
    {
        Identity = identity;
        Mode = mode;
    }

    public TestIdentity Identity { get; }

    /// <summary>The mode after replay scoping: a row-scoped token for another row leaves this row in its own mode.</summary>
    public AsynkitMode Mode { get; }

    /// <summary>The options to explore with; null when this shard has no schedule of this test to run.</summary>
    public ExplorationOptions? Options { get; private init; }

    /// <summary>The schedules of the whole exploration, over all shards.</summary>
    public int TotalIterations { get; private init; } = 1;

    /// <summary>Where the iteration count came from: "" for the attribute, or the variable.</summary>
    public string IterationsSource { get; private init; } = "";

    public ShardSpec? Shard { get; private init; }

    /// <summary>Why this shard runs no schedule of the test (when <see cref="Options"/> is null).</summary>
    public string? EmptyShardReason { get; private init; }

    /// <summary>Where the seed came from, for the failure message.</summary>
    public string SeedSource { get; private init; } = "";

    /// <summary>The test's Timeout in milliseconds; 0 for none.</summary>
    public int TimeoutMilliseconds { get; private init; }

    /// <summary>Each schedule's wall-clock budget (LoopOptions.WallClockTimeout).</summary>
    public TimeSpan ScheduleBudget { get; private init; }

    /// <summary>Where failure reports go (ASYNKIT_REPORT_DIR), or null.</summary>
    public string? ReportDirectory { get; private init; }

    /// <exception cref="FormatException">An ASYNKIT_* variable has a value that cannot be used (exploring tests only).</exception>
    public static ExplorationPlan Create(AsynkitSettings settings, TestIdentity identity, int timeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(identity);
        string? token = settings.Replay is { } replay ? ReplayScope.TokenFor(replay, identity.RowKey) : null;
        AsynkitMode mode = token is not null ? AsynkitMode.Replay : (settings with { Replay = null }).Mode;
        var loopOptions = new LoopOptions();
        if (timeoutMilliseconds > 0)
        {
            loopOptions.WallClockTimeout = TimeSpan.FromMilliseconds(timeoutMilliseconds);
        }

        var common = new ExplorationOptions
        {
            Name = identity.FullName,
            PctDepth = settings.PctDepth,
            Shrink = settings.Shrink,
            LoopOptions = loopOptions,
        };
        if (timeoutMilliseconds > 0)
        {
            TimeSpan timeout = TimeSpan.FromMilliseconds(timeoutMilliseconds);
            common = common with { ShrinkTimeLimit = timeout < common.ShrinkTimeLimit ? timeout : common.ShrinkTimeLimit };
        }

        if (mode != AsynkitMode.Exploration)
        {
            string? directory = AsynkitEnvironment.ReadReportDirectory();
            return new ExplorationPlan(identity, mode)
            {
                Options = common with
                {
                    Iterations = 1,
                    Strategy = StrategyKind.Fifo,
                    Seed = 0,
                    Replay = token,

                    // A FIFO test reports its own FIFO run: shrinking would swap in another, smaller failing schedule.
                    Shrink = mode == AsynkitMode.Replay && settings.Shrink,
                    MaxSteps = settings.MaxSteps > 0 ? settings.MaxSteps : mode == AsynkitMode.Replay ? DefaultExplorationSteps : DefaultSingleRunSteps,
                    ReportDirectory = directory,
                },
                TimeoutMilliseconds = timeoutMilliseconds,
                ScheduleBudget = loopOptions.WallClockTimeout,
                ReportDirectory = directory,
                SeedSource = "no seed: FIFO order",
            };
        }

        AsynkitEnvironment environment = AsynkitEnvironment.Read();
        int total = environment.Iterations ?? settings.Iterations;
        (int seed, string seedSource) = environment.Seed is { } baseSeed
            ? (StableHash.Seed($"{identity.FullName}#{baseSeed}"), $"{AsynkitEnvironment.SeedVariable}={baseSeed} mixed with the test name")
            : settings.Seed != 0
                ? (settings.Seed, "set by the attribute")
                : (StableHash.Seed(identity.FullName), "derived from the test name");
        StrategyKind strategy = settings.Strategy == StrategyKind.Default ? StrategyKind.Portfolio : settings.Strategy;
        (int first, int count) = environment.Shard switch
        {
            null => (1, total),

            // Exhaustive search reaches schedule i only by enumerating the ones before it: it runs whole, in shard 1.
            { } shard when strategy == StrategyKind.Exhaustive => shard.Index == 1 ? (1, total) : (1, 0),
            { } shard => shard.Range(total),
        };
        return new ExplorationPlan(identity, mode)
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
                MaxSteps = settings.MaxSteps > 0 ? settings.MaxSteps : DefaultExplorationSteps,
                TimeLimit = timeoutMilliseconds > 0 ? TimeSpan.FromMilliseconds(timeoutMilliseconds) : null,
                ReportDirectory = environment.ReportDirectory,
            },
            TotalIterations = total,
            IterationsSource = environment.Iterations is null ? "" : $" ({AsynkitEnvironment.IterationsVariable})",
            Shard = environment.Shard,
            SeedSource = seedSource,
            TimeoutMilliseconds = timeoutMilliseconds,
            ScheduleBudget = loopOptions.WallClockTimeout,
            ReportDirectory = environment.ReportDirectory,
        };
    }
}
