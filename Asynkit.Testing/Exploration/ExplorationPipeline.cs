using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Asynkit.Testing.Exploration;

/// <summary>One exploration, from any entry point: a driver runs the schedules, <see cref="FailureReporter"/> reports them.</summary>
internal static class ExplorationPipeline
{
    /// <summary>Explores <paramref name="test"/> with <paramref name="driver"/>, or replays <see cref="ExplorationOptions.Replay"/>
    /// (a replay token of ours, unless the driver reads it as its own trace).</summary>
    /// <param name="driver">What runs the schedules.</param>
    /// <param name="test">The test.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="defaultSeed">The seed when the options give none, and where it came from, given the exploration's name.</param>
    public static ExplorationResult Run(IExplorationDriver driver, Func<Task> test, ExplorationOptions options, Func<string, (int Seed, string Source)> defaultSeed)
    {
        long started = Stopwatch.GetTimestamp();
        string name = NameOf(test, options);
        if (options.Replay is { } replay && !driver.CanReplay(replay))
        {
            return Replay(test, options, name, replay, started);
        }

        var runner = new ScheduleRunner(test, options.LoopOptions, options.MaxSteps, options.FairBound);
        (int seed, string seedSource) = options.Seed is { } given ? (given, "set in the options") : defaultSeed(name);
        DriverOutcome outcome = driver.Explore(new DriverContext(runner, options, name, seed, seedSource, started));
        return new FailureReporter(runner, options).Report(outcome.Tally, outcome.Found, outcome.ReportSuffix, outcome.Details);
    }

    /// <summary>Runs the schedule of <paramref name="token"/>, with a trace, under the budgets it records.</summary>
    /// <exception cref="FormatException">The token is malformed.</exception>
    /// <exception cref="ScheduleDivergedException">With <see cref="ExplorationOptions.StrictReplay"/>: the program no longer makes
    /// the recorded choices.</exception>
    public static ExplorationResult Replay(Func<Task> test, ExplorationOptions options, string token) =>
        Replay(test, options, NameOf(test, options), token, Stopwatch.GetTimestamp());

    /// <summary>The seed of an exploration that sets none: the one derived from its name.</summary>
    public static (int Seed, string Source) SeedFromName(string name) => (StableHash.Seed(name), $"derived from the name '{name}'");

    /// <summary>The exploration's name: the options', else the test delegate's method.</summary>
    public static string NameOf(Func<Task> test, ExplorationOptions options) => options.Name ?? StepDescriber.DescribeMethod(test.Method);

    /// <summary>The schedule of <paramref name="token"/> on a runner with the budgets the token records (the options' for those
    /// it does not); a lenient replay that leaves the schedule goes on in FIFO order, and says so in a warning.</summary>
    private static ExplorationResult Replay(Func<Task> test, ExplorationOptions options, string name, string token, long started)
    {
        RecordedSchedule schedule = ReplayToken.Decode(token);
        LoopOptions loopOptions = options.LoopOptions?.Clone() ?? new LoopOptions();
        if (schedule.Budgets.MaxVirtualTime is { } time)
        {
            loopOptions.MaxVirtualTime = time;
        }

        long maxSteps = schedule.Budgets.MaxSteps ?? options.MaxSteps;
        var runner = new ScheduleRunner(test, loopOptions, maxSteps, schedule.Budgets.FairFromStep ?? options.FairAfterSteps ?? ScheduleBudgets.DefaultFairFromStep(maxSteps));
        var replay = new ReplayStrategy(schedule, lenient: !options.StrictReplay);
        replay.Begin(0, 0);
        var trace = new TraceBuilder();
        ScheduleRun run = runner.Run(replay, trace);
        if (run.Failure is ScheduleDivergedException diverged)
        {
            ExceptionDispatchInfo.Throw(diverged);
        }

        string reportedToken = token.Trim();
        if (replay.Departure is { } departure)
        {
            // The events are the trace's own list: the note lands after the run's last step.
            trace.Warning(departure);
            run = run with { Warnings = [departure, .. run.Warnings ?? []] };
            reportedToken = run.Failure is null ? reportedToken : ReplayToken.Encode(run.Schedule);
        }

        var tally = new ExplorationTally
        {
            Name = name,
            Seed = 0,
            Strategy = StrategyKind.Default,
            Started = started,
            Stop = new ExplorationStop(StopReason.Replayed, "replayed the schedule of the token"),
            Iterations = 1,
            Explored = 1,
            Distinct = 1,
            Failed = run.Failure is null ? 0 : 1,
            Steps = run.Size.Steps,
            Exploring = Stopwatch.GetElapsedTime(started),
            IsReplay = true,
            Coverage = CoverageTally.Of(run),
        };
        return new FailureReporter(runner, options).ReportReplay(tally, run, reportedToken);
    }
}
