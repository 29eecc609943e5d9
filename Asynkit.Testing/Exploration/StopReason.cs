namespace Asynkit.Testing.Exploration;

/// <summary>Why an exploration stopped; <see cref="ExplorationStop"/> pairs it with the text the result shows.</summary>
internal enum StopReason
{
    /// <summary>Every iteration asked for ran.</summary>
    IterationsRan,

    /// <summary>Exhaustive search enumerated every schedule.</summary>
    Covered,

    /// <summary>The strategy had no other schedule (FIFO runs one).</summary>
    NoOtherSchedule,

    /// <summary>The exploration's wall-clock budget ran out.</summary>
    TimeLimit,

    /// <summary>A schedule failed.</summary>
    ScheduleFailed,

    /// <summary>One given schedule was replayed (a replay token, or a driver's own trace): nothing to shrink.</summary>
    Replayed,

    /// <summary>The driver's engine reported a bug of its own, outside the test's failures.</summary>
    EngineReported,
}
