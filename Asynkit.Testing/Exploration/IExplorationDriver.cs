namespace Asynkit.Testing.Exploration;

/// <summary>Something that runs the schedules of an exploration: our strategies, or Coyote's engine. A driver only produces
/// schedule runs and a tally; <see cref="FailureReporter"/> turns them into the result, the same way for every driver.</summary>
/// <remarks><see cref="ExplorationDrivers"/> is the one place that finds the driver of a <see cref="StrategyKind"/>.</remarks>
internal interface IExplorationDriver
{
    /// <summary>True when <paramref name="replay"/> is the driver's own record of a schedule (Coyote's trace), which
    /// <see cref="Explore"/> then replays; false for a replay token of ours, which the explorer replays itself.</summary>
    bool CanReplay(string replay);

    /// <summary>Runs the schedules of the context's test until the options say stop or a schedule fails.</summary>
    DriverOutcome Explore(DriverContext context);
}
