namespace Asynkit.Testing;

/// <summary>Where a <see cref="ForeignItem"/> is in its life.</summary>
internal enum ForeignItemState
{
    /// <summary>Queued to the thread pool; its ready item is in the loop's queue.</summary>
    Queued,

    /// <summary>A pool thread took it and waits for its turn.</summary>
    Dequeued,

    /// <summary>Its turn runs: the loop's thread waits.</summary>
    Running,

    /// <summary>Its thread blocked in a synchronous wait and gave its turn back; the loop polls what it waits for.</summary>
    Parked,

    /// <summary>Parked, and asked by the loop to try its wait on its own thread (a Mutex may be acquired only by the thread that
    /// waits for it); it goes back to Parked with the answer in ForeignItem.CheckResult.</summary>
    Checking,

    /// <summary>The work item has returned to the thread pool.</summary>
    Ended,

    /// <summary>The run ended first: the thread runs on without the loop.</summary>
    Abandoned,
}
