namespace Asynkit.Testing;

/// <summary>Drives a coroutine while it sends out-of-band (OOB) data to its driver and receives answers (asynkit's Monitor).</summary>
/// <remarks>
/// <para>Bind a coroutine with <see cref="Bind{T}(Func{Task{T}})"/> and drive it with <see cref="BoundMonitor{T}.AwaitAsync"/>.
/// Inside, <c>await monitor.OobAsync(data)</c> suspends the coroutine and makes the driver's <c>AwaitAsync</c> throw
/// <see cref="OobDataException"/> carrying <c>data</c>; the next <c>AwaitAsync(x)</c> resumes the coroutine with <c>x</c> as
/// <c>OobAsync</c>'s result.</para>
/// <para>No task or thread is involved: the coroutine runs inside whichever task drives it at that moment, and its ordinary awaits
/// go to the loop as that task's steps. A monitor drives one coroutine at a time.</para>
/// </remarks>
public sealed class OobMonitor
{
    private MonitoredCoroutine? _active;
    private MonitorState _state;

    /// <summary>True while a drive is in progress (a coroutine bound to this monitor runs or waits inside its driver).</summary>
    public bool IsActive => _state != MonitorState.Inactive;

    /// <summary>Sends <paramref name="data"/> to the driver (its AwaitAsync throws <see cref="OobDataException"/>) and suspends until the
    /// next drive, whose value this returns; a ThrowAsync raises its exception here instead.</summary>
    /// <exception cref="InvalidOperationException">The monitor is not driving a coroutine (the returned task is faulted).</exception>
    public Task<object?> OobAsync(object? data = null) => Oob(data, "OobMonitor.OobAsync");

    /// <summary>Binds <paramref name="coroutine"/> to this monitor; it starts at the first drive (asynkit's <c>monitor(coro)</c>).</summary>
    public BoundMonitor<T> Bind<T>(Func<Task<T>> coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        return new BoundMonitor<T>(new MonitoredCoroutine(this, coroutine), static task => ((Task<T>)task).Result);
    }

    /// <summary>Binds a coroutine without a result; its drives return null when it finishes.</summary>
    public BoundMonitor<object?> Bind(Func<Task> coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        return new BoundMonitor<object?>(new MonitoredCoroutine(this, coroutine), static _ => null);
    }

    internal MonitoredCoroutine CreateCoroutine(Func<Task> coroutine) => new(this, coroutine);

    internal Task<object?> Oob(object? data, string member)
    {
        if (_state != MonitorState.Active)
        {
            string why = _state == MonitorState.Oob
                ? "the coroutine already sent out-of-band data that its driver has not received yet (one OobAsync at a time)"
                : "no coroutine is being driven through it; OobAsync must be called by a coroutine (or a task it awaits) while a BoundMonitor's AwaitAsync, StartAsync, TryAwaitAsync or ThrowAsync drives it";
            return Task.FromException<object?>(new InvalidOperationException($"{member}: the monitor is not active: {why}."));
        }

        _state = MonitorState.Oob;
        return _active!.Oob(data);
    }

    internal void Enter(MonitoredCoroutine coroutine)
    {
        _state = MonitorState.Active;
        _active = coroutine;
    }

    internal void Exit(MonitoredCoroutine coroutine)
    {
        if (ReferenceEquals(_active, coroutine))
        {
            _state = MonitorState.Inactive;
            _active = null;
        }
    }
}
