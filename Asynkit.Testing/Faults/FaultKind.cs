namespace Asynkit.Testing.Faults;

/// <summary>What a <see cref="FaultAction"/> does at a fault point.</summary>
public enum FaultKind
{
    /// <summary>The point throws an exception (an I/O error, a timeout, ...).</summary>
    Throw,

    /// <summary>The point waits for a span of virtual time (a slow call).</summary>
    Delay,

    /// <summary>The point throws OperationCanceledException (the call was cancelled).</summary>
    Cancel,

    /// <summary>The point sends its <see cref="FaultPointCall"/> to an <see cref="OobMonitor"/> and waits for the test's answer.</summary>
    Pause,
}
