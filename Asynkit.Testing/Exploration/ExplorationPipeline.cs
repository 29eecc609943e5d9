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
        var runner = new ScheduleRunner(test, options.LoopOptions, options.MaxSteps);
        if (options.Replay is { } replay && !driver.CanReplay(replay))
        {
            return Replay(runner, options, name, replay, started);
        }

        (int seed, string seedSource) = options.Seed is { } given ? (given, "set in the options") : defaultSeed(name);
        DriverOutcome outcome = driver.Explore(new DriverContext(runner, options, name, seed, seedSource, started));
        return new FailureReporter(runner, options).Report(outcome.Tally, outcome.Found, outcome.ReportSuffix, outcome.Details);
    }

    /// <summary>Runs exactly the schedule of <paramref name="token"/>, with a trace.</summary>
    /// <exception cref="FormatException">The token is malformed.</exception>
    /// <exception cref="ScheduleDivergedException">The program no longer makes the recorded choices.</exception>
    public static ExplorationResult Replay(Func<Task> test, ExplorationOptions options, string token)
    {
        long started = Stopwatch.GetTimestamp();
        return Replay(new ScheduleRunner(test, options.LoopOptions, options.MaxSteps), options, NameOf(test, options), token, started);
    }

    /// <summary>The seed of an exploration that sets none: the one derived from its name.</summary>
    public static (int Seed, string Source) SeedFromName(string name) => (StableHash.Seed(name), $"derived from the name '{name}'");

    /// <summary>The exploration's name: the options', else the test delegate's method.</summary>
    public static string NameOf(Func<Task> test, ExplorationOptions options) => options.Name ?? StepDescriber.DescribeMethod(test.Method);

    private static ExplorationResult Replay(ScheduleRunner runner, ExplorationOptions options, string name, string token, long started)
    {
        var replay = new ReplayStrategy(ReplayToken.Decode(token));
        replay.Begin(0, 0);
        ScheduleRun run = runner.Run(replay, new TraceBuilder());
        if (run.Failure is ScheduleDivergedException diverged)
        {
            ExceptionDispatchInfo.Throw(diverged);
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
        };
        return new FailureReporter(runner, options).ReportReplay(tally, run, token.Trim());
    }
}
