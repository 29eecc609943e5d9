namespace Asynkit.Testing;

/// <summary>The state of an <see cref="OobMonitor"/> (asynkit's MonitorState).</summary>
internal enum MonitorState
{
    /// <summary>No coroutine is being driven through the monitor.</summary>
    Inactive,

    /// <summary>A drive is in progress: the coroutine may call OobAsync.</summary>
    Active,

    /// <summary>The coroutine called OobAsync; the data is on its way to the driver.</summary>
    Oob,
}
