namespace Asynkit.Testing;

/// <summary>Where a monitored coroutine is in its life.</summary>
internal enum CoroutineState
{
    /// <summary>Not started: the delegate has not been invoked.</summary>
    New,

    /// <summary>A drive is in progress: the coroutine runs, or waits at an ordinary await, inside its driver's task.</summary>
    Running,

    /// <summary>Suspended at OobAsync, waiting for the next drive.</summary>
    Suspended,

    /// <summary>Its task completed (or it was closed before it started).</summary>
    Finished,
}
