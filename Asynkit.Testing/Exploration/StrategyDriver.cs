using System.Diagnostics;

namespace Asynkit.Testing.Exploration;

/// <summary>The driver of our own strategies (Fifo, Random, PCT, Exhaustive, Portfolio): runs schedule after schedule, each
/// seeded from (exploration seed, schedule number), until the iterations, the time limit or the strategy run out, or one fails.</summary>
/// <remarks>With <see cref="ExplorationOptions.Parallelism"/> above 1, the schedules after the calibration one run on several
/// threads (<see cref="ParallelSchedules"/>); the results are tallied in schedule order, so the first failure, its token and
/// the figures are those of a serial run. Exhaustive search and FIFO always run serially.</remarks>
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
        var progress = new ExplorationProgress();
        ExplorationStop stop = ExplorationStop.ScheduleFailed;
        int first = options.FirstSchedule - 1;
        int end = first + options.Iterations;
        int parallelism = kind is StrategyKind.Exhaustive or StrategyKind.Fifo ? 1 : options.Parallelism;
        long calibration = 0;
        var exploring = Stopwatch.StartNew();

        if (first > 0 && strategy.NeedsCalibration)
        {
            // Schedule 1 (FIFO) calibrates PCT; it runs first even when a later schedule is asked for alone.
            BeginSchedule(strategy, seed, 0);
            ScheduleRun run = runner.Run(strategy, null);
            calibration = run.Size.Steps;
            strategy.Calibrate(calibration);
            if (run.Failure is { } failure)
            {
                progress.AddCalibration(new FoundFailure(1, strategy.Describe(), Stopwatch.GetElapsedTime(context.Started), failure, run));
                stop = new ExplorationStop(StopReason.ScheduleFailed, "schedule 1 (FIFO, run to calibrate PCT) failed");
            }
        }

        for (int index = first; progress.Found is null || !options.StopOnFirstFailure; index++)
        {
            if (index >= end)
            {
                stop = ExplorationStop.IterationsRan(options.Iterations, covered: strategy is ExhaustiveStrategy && !strategy.Begin(index, 0));
                break;
            }

            if (parallelism > 1 && (index > 0 || !strategy.NeedsCalibration))
            {
                var parallel = new ParallelSchedules(context, () => Create(kind, options), calibration, parallelism);
                stop = parallel.Run(index, end, progress, exploring);
                break;
            }

            if (options.TimeLimit is { } limit && exploring.Elapsed >= limit)
            {
                stop = ExplorationStop.TimeLimit(limit);
                break;
            }

            if (!BeginSchedule(strategy, seed, index))
            {
                stop = strategy.CoveredAll ? ExplorationStop.Covered : ExplorationStop.NoOtherSchedule;
                break;
            }

            ScheduleResult result = RunSchedule(runner, strategy, index, options, context.Started);
            if (index == 0 && strategy.NeedsCalibration)
            {
                calibration = result.Steps;
                strategy.Calibrate(calibration);
            }

            progress.Add(result);
            if (result.Outcome is not null)
            {
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
            Explored = progress.Explored,
            Distinct = progress.Distinct,
            Failed = progress.Failed,
            Steps = progress.Steps,
            Exploring = exploring.Elapsed,
            SpaceCovered = strategy.CoveredAll && progress.Found is null,
            CanCheckDeterminism = true,
            Warnings = progress.Warnings,
            Coverage = progress.Coverage,
        };
        return new DriverOutcome(tally, progress.Found, $"seed{seed}-schedule{progress.Found?.Iteration}");
    }

    /// <summary>Runs schedule <paramref name="index"/>, which <paramref name="strategy"/> has begun, on <paramref name="runner"/>
    /// (twice, with the determinism check), and sums it up.</summary>
    /// <remarks>An untraced schedule of a strategy that <see cref="ExplorationStrategy.RerunsFromSeed"/> runs without a record of
    /// its choices: most schedules pass, and nothing reads a passing schedule's choices. A failing one is restarted
    /// (<see cref="ExplorationStrategy.Restart"/>) and run again, recorded, for its token, trace and shrinking (except a wall-clock budget failure); when that run does not fail the same way, the schedule's outcome
    /// depends on something outside it (the same check as <see cref="ExplorationOptions.CheckDeterminism"/>'s: the type of the failure), and the result is a <see cref="NondeterminismException"/> that says so.</remarks>
    public static ScheduleResult RunSchedule(ScheduleRunner runner, ExplorationStrategy strategy, int index, ExplorationOptions options, long started)
    {
        TraceBuilder? trace = options.TraceEverySchedule || options.CheckDeterminism ? new TraceBuilder() : null;
        ScheduleRun run = runner.Run(strategy, trace, keepSchedule: options.CheckDeterminism, recording: false);
        Exception? outcome = run.Failure;
        if (run.Unrecorded && outcome is not null and not LoopBudgetExceededException { IsWallClock: true })
        {
            // (A wall-clock budget failure depends on the machine, not on the schedule: running it again would only pay the
            // timeout again. It is reported without a token; its schedule number and seed run it again.)
            (run, outcome) = RunRecorded(runner, strategy, index, outcome);
        }

        if (options.CheckDeterminism && outcome is not NondeterminismException)
        {
            outcome = DeterminismCheck.Repeat(runner, run) ?? outcome;
        }

        ScheduleResult result = outcome is null
            ? new ScheduleResult(index, run.ChoiceHash, run.Size.Steps, run.Warnings, null, null, null, default)
            : new ScheduleResult(index, run.ChoiceHash, run.Size.Steps, run.Warnings, outcome, run, strategy.Describe(), Stopwatch.GetElapsedTime(started));
        return run.Coverage is null ? result : result with { Coverage = run.Coverage };
    }

    /// <summary>Runs the failing schedule <paramref name="index"/> again, recorded; returns that run and the schedule's outcome.</summary>
    private static (ScheduleRun Run, Exception Outcome) RunRecorded(ScheduleRunner runner, ExplorationStrategy strategy, int index, Exception first)
    {
        strategy.Restart();
        ScheduleRun again = runner.Run(strategy, null, keepSchedule: true);
        if (again.Failure is { } failure && failure.GetType() == first.GetType())
        {
            return (again, failure);
        }

        string second = again.Failure is null ? "passed" : $"failed with {again.Failure.GetType().Name}: {FirstLine(again.Failure.Message)}";
        var error = new NondeterminismException($"uncontrolled nondeterminism: schedule {index + 1} failed with {first.GetType().Name}: {FirstLine(first.Message)}; run again from its seed (the same choices), it {second}. {NondeterminismException.Causes}", first);
        return (again with { Failure = error }, runner.Explain(error));

        static string FirstLine(string text) => text.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? text[..end] : text;
    }

    /// <summary>Begins schedule <paramref name="index"/> of an exploration seeded <paramref name="seed"/>: its choices and the
    /// loop's <see cref="AsynkitLoop.Random"/> draw from seeds derived from (seed, index), except that exhaustive search keeps
    /// one Random seed for all schedules (it replays prefixes of earlier ones). False when the strategy has no such schedule.</summary>
    public static bool BeginSchedule(ExplorationStrategy strategy, int seed, int index)
    {
        strategy.LoopRandomSeed = ScheduleRandom.LoopSeed(ScheduleRandom.ScheduleSeed(seed, strategy.FixedLoopRandom ? 0 : index));
        return strategy.Begin(index, ScheduleRandom.ScheduleSeed(seed, index));
    }

    private static ExplorationStrategy Create(StrategyKind kind, ExplorationOptions options) => kind switch
    {
        StrategyKind.Fifo => new FifoStrategy(),
        StrategyKind.Random => new RandomStrategy(),
        StrategyKind.Pct => new PctStrategy(options.PctDepth, options.FairBound),
        StrategyKind.Exhaustive => new ExhaustiveStrategy(options.PreemptionBound, options.FairBound),
        StrategyKind.Portfolio => new PortfolioStrategy(options.FairBound),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Our strategies are Fifo, Random, Pct, Exhaustive and Portfolio; ExplorationDrivers sends Coyote to its own driver."),
    };
}
