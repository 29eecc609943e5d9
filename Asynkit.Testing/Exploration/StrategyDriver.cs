using System.Diagnostics;

namespace Asynkit.Testing.Exploration;

/// <summary>The driver of our own strategies (Fifo, Random, PCT, Exhaustive, Portfolio): runs schedule after schedule, each
/// seeded from (exploration seed, schedule number), until the iterations, the time limit or the strategy run out, or one fails.</summary>
internal sealed class StrategyDriver : IExplorationDriver
{
    public bool CanReplay(string replay) => false;

    public DriverOutcome Explore(DriverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ExplorationOptions options = context.Options;
        ScheduleRunner runner = context.Runner;
        int seed = context.Seed;
        StrategyKind kind = TestSettings.ResolveStrategy(options.Strategy, exploring: options.Iterations > 1);
        ExplorationStrategy strategy = Create(kind, options);
        var distinct = new HashSet<ulong>();
        int explored = 0;
        int failed = 0;
        long steps = 0;
        FoundFailure? found = null;
        ExplorationStop stop = ExplorationStop.ScheduleFailed;
        int first = options.FirstSchedule - 1;
        var exploring = Stopwatch.StartNew();

        if (first > 0 && strategy.NeedsCalibration)
        {
            // Schedule 1 (FIFO) calibrates PCT; it runs first even when a later schedule is asked for alone.
            strategy.Begin(0, ScheduleRandom.ScheduleSeed(seed, 0));
            SeedLoopRandom(strategy, seed, 0);
            ScheduleRun calibration = runner.Run(strategy, null);
            strategy.Calibrate(calibration.Size.Steps);
            if (calibration.Failure is { } failure)
            {
                found = new FoundFailure(1, strategy.Describe(), Stopwatch.GetElapsedTime(context.Started), failure, calibration);
                explored = failed = 1;
                stop = new ExplorationStop(StopReason.ScheduleFailed, "schedule 1 (FIFO, run to calibrate PCT) failed");
            }
        }

        for (int index = first; found is null || !options.StopOnFirstFailure; index++)
        {
            if (index >= first + options.Iterations)
            {
                stop = ExplorationStop.IterationsRan(options.Iterations, covered: strategy is ExhaustiveStrategy && !strategy.Begin(index, 0));
                break;
            }

            if (options.TimeLimit is { } limit && exploring.Elapsed >= limit)
            {
                stop = ExplorationStop.TimeLimit(limit);
                break;
            }

            if (!strategy.Begin(index, ScheduleRandom.ScheduleSeed(seed, index)))
            {
                stop = strategy.CoveredAll ? ExplorationStop.Covered : ExplorationStop.NoOtherSchedule;
                break;
            }

            SeedLoopRandom(strategy, seed, index);

            TraceBuilder? trace = options.TraceEverySchedule || options.CheckDeterminism ? new TraceBuilder() : null;
            ScheduleRun run = runner.Run(strategy, trace, keepSchedule: options.CheckDeterminism);
            explored++;
            steps += run.Size.Steps;
            distinct.Add(run.ChoiceHash);
            if (index == 0 && strategy.NeedsCalibration)
            {
                strategy.Calibrate(run.Size.Steps);
            }

            Exception? outcome = run.Failure;
            if (outcome is null && !options.CheckDeterminism)
            {
                continue;
            }

            if (options.CheckDeterminism && outcome is not NondeterminismException)
            {
                outcome = DeterminismCheck.Repeat(runner, run) ?? outcome;
            }

            if (outcome is not null)
            {
                failed++;
                found ??= new FoundFailure(index + 1, strategy.Describe(), Stopwatch.GetElapsedTime(context.Started), outcome, run);
                stop = ExplorationStop.ScheduleFailed;
            }
        }

        exploring.Stop();
        var tally = new ExplorationTally
        {
            Name = context.Name,
            Seed = seed,
            SeedSource = context.SeedSource,
            Iterations = options.Iterations,
            Strategy = kind,
            Started = context.Started,
            Stop = stop,
            Explored = explored,
            Distinct = distinct.Count,
            Failed = failed,
            Steps = steps,
            Exploring = exploring.Elapsed,
            SpaceCovered = strategy.CoveredAll && found is null,
            CanCheckDeterminism = true,
        };
        return new DriverOutcome(tally, found, $"seed{seed}-schedule{found?.Iteration}");
    }

    /// <summary>Each schedule's <see cref="AsynkitLoop.Random"/> draws from a seed of its own, derived from (exploration seed,
    /// schedule number) like its choices, unless the strategy needs one seed for all (exhaustive search).</summary>
    private static void SeedLoopRandom(ExplorationStrategy strategy, int seed, int index) =>
        strategy.LoopRandomSeed = ScheduleRandom.LoopSeed(ScheduleRandom.ScheduleSeed(seed, strategy.FixedLoopRandom ? 0 : index));

    private static ExplorationStrategy Create(StrategyKind kind, ExplorationOptions options) => kind switch
    {
        StrategyKind.Fifo => new FifoStrategy(),
        StrategyKind.Random => new RandomStrategy(),
        StrategyKind.Pct => new PctStrategy(options.PctDepth),
        StrategyKind.Exhaustive => new ExhaustiveStrategy(options.PreemptionBound),
        StrategyKind.Portfolio => new PortfolioStrategy(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Our strategies are Fifo, Random, Pct, Exhaustive and Portfolio; ExplorationDrivers sends Coyote to its own driver."),
    };
}
