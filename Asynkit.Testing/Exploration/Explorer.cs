namespace Asynkit.Testing.Exploration;

/// <summary>Runs a test under many schedules to find the interleaving that breaks it, and replays a found schedule exactly.</summary>
/// <remarks>
/// Each schedule runs the test on a fresh <see cref="AsynkitLoop"/> whose strategy decides, at every point where more than one
/// ready item (or fault option) exists, which one goes next. A failing schedule is shrunk, traced and reported with a replay
/// token. The test must build all its state inside the delegate: state kept outside leaks from one schedule to the next.
/// </remarks>
public static class Explorer
{
    /// <summary>Explores the schedules of <paramref name="test"/>; stops at the first failure unless told otherwise.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the strategy cannot be run here (Coyote).</exception>
    /// <exception cref="InvalidOperationException">Called inside a running loop.</exception>
    /// <exception cref="FormatException"><see cref="ExplorationOptions.Replay"/> is a malformed token.</exception>
    /// <exception cref="ScheduleDivergedException"><see cref="ExplorationOptions.Replay"/> no longer matches the code.</exception>
    public static ExplorationResult Explore(Func<Task> test, ExplorationOptions options)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        EnsureNotInLoop(nameof(Explore));
        Validate(options);
        var session = new ExplorationSession(test, options);
        return options.Replay is { } token ? session.Replay(token) : session.Explore();
    }

    /// <summary>Runs exactly the schedule that <paramref name="replayToken"/> recorded, with a trace.</summary>
    /// <exception cref="FormatException">The token is malformed; the message says how.</exception>
    /// <exception cref="ScheduleDivergedException">The program no longer makes the recorded choices (the code changed).</exception>
    public static ExplorationResult Replay(Func<Task> test, string replayToken)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(replayToken);
        EnsureNotInLoop(nameof(Replay));
        return new ExplorationSession(test, new ExplorationOptions()).Replay(replayToken);
    }

    private static void EnsureNotInLoop(string member)
    {
        if (AsynkitLoop.Current is not null)
        {
            throw new InvalidOperationException($"Explorer.{member} runs each schedule on its own AsynkitLoop, so it cannot be called inside a running loop: call it from the test method itself.");
        }
    }

    private static void Validate(ExplorationOptions options)
    {
        if (options.Iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Iterations, "ExplorationOptions.Iterations must be at least 1.");
        }

        if (options.PctDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PctDepth, "ExplorationOptions.PctDepth must be at least 1 (depth 1 means no priority change points).");
        }

        if (options.MaxSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxSteps, "ExplorationOptions.MaxSteps must be at least 1.");
        }

        if (options.PreemptionBound is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PreemptionBound, "ExplorationOptions.PreemptionBound must be non-negative, or null for no bound.");
        }

        if (options.FirstSchedule < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FirstSchedule, "ExplorationOptions.FirstSchedule is 1-based: it must be at least 1.");
        }

        if (options.ShrinkTimeLimit < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ShrinkTimeLimit, "ExplorationOptions.ShrinkTimeLimit must be non-negative.");
        }

        if (options.TimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), limit, "ExplorationOptions.TimeLimit must be positive, or null for no limit.");
        }

        if (options.Strategy == StrategyKind.Exhaustive && options.FirstSchedule > 1)
        {
            throw new ArgumentException($"ExplorationOptions.FirstSchedule is {options.FirstSchedule}, but exhaustive search finds each schedule by running the ones before it, so it always starts at schedule 1; replay a schedule's token to rerun it alone.", nameof(options));
        }

        if (!Enum.IsDefined(options.Strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Strategy, "ExplorationOptions.Strategy is not a StrategyKind value.");
        }

        if (options.Strategy == StrategyKind.Coyote && options.Replay is null)
        {
            throw new ArgumentException("StrategyKind.Coyote is run by Coyote's engine: call Asynkit.Testing.Coyote.CoyoteExplorer.Explore with the same options (or choose Fifo, Random, Pct, Exhaustive or Portfolio here).", nameof(options));
        }
    }
}
