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
    /// <remarks>With <see cref="StrategyKind.Coyote"/>, Coyote's engine chooses the schedules (as
    /// <c>Asynkit.Testing.Coyote.CoyoteExplorer.Explore</c> does with default <c>CoyoteOptions</c>), and
    /// <see cref="ExplorationOptions.Replay"/> also takes Coyote's trace; the failure is reported the same way.</remarks>
    /// <exception cref="ArgumentException">An option is out of range, or Coyote's driver is not available.</exception>
    /// <exception cref="InvalidOperationException">Called inside a running loop.</exception>
    /// <exception cref="FormatException"><see cref="ExplorationOptions.Replay"/> is a malformed token.</exception>
    /// <exception cref="ScheduleDivergedException"><see cref="ExplorationOptions.Replay"/> no longer matches the code, and
    /// <see cref="ExplorationOptions.StrictReplay"/> is set.</exception>
    public static ExplorationResult Explore(Func<Task> test, ExplorationOptions options)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        EnsureNotInLoop(nameof(Explore));
        ExplorationOptions.Validate(options);
        return ExplorationPipeline.Run(ExplorationDrivers.For(options), test, options, ExplorationPipeline.SeedFromName);
    }

    /// <summary>Runs the schedule that <paramref name="replayToken"/> recorded, with a trace, under the budgets it records.</summary>
    /// <remarks>When the program no longer makes the recorded choices (the code changed), the run follows the token as far as it
    /// matches and goes on in FIFO order; it passes if nothing fails, and <see cref="ExplorationResult.Warnings"/> says where it
    /// left the recorded schedule. <c>Explorer.Explore(test, new ExplorationOptions { Replay = token, StrictReplay = true })</c>
    /// throws <see cref="ScheduleDivergedException"/> instead.</remarks>
    /// <exception cref="FormatException">The token is malformed; the message says how.</exception>
    public static ExplorationResult Replay(Func<Task> test, string replayToken)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(replayToken);
        EnsureNotInLoop(nameof(Replay));
        return ExplorationPipeline.Replay(test, new ExplorationOptions(), replayToken);
    }

    private static void EnsureNotInLoop(string member)
    {
        if (AsynkitLoop.Current is not null)
        {
            throw new InvalidOperationException($"Explorer.{member} runs each schedule on its own AsynkitLoop, so it cannot be called inside a running loop: call it from the test method itself.");
        }
    }
}
