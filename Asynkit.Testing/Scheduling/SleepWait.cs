namespace Asynkit.Testing;

/// <summary>The loop-owned wait of Scheduling.Sleep(t) for t &gt; 0 or infinite: a virtual-time timer, woken early by the
/// task's cancellation (OperationCanceledException) or by an interrupt.</summary>
internal sealed class SleepWait : LoopWait
{
    private readonly TaskCompletionSource _promise = new();
    private ITimer? _timer;
    private CancellationTokenRegistration _registration;
    private CancellationToken _canceledBy;
    private bool _canceled;

    private SleepWait(LoopTask owner)
        : base(owner)
    {
    }

    internal override Task Task => _promise.Task;

    /// <summary>Starts the sleep in <paramref name="owner"/>'s step and returns the Task to await.</summary>
    internal static Task Start(AsynkitLoop loop, LoopTask owner, TimeSpan delay)
    {
        var wait = new SleepWait(owner);
        if (wait.Begin())
        {
            if (delay != Timeout.InfiniteTimeSpan)
            {
                wait._timer = loop.Clock.CreateTimer(static s => ((SleepWait)s!).Elapse(), wait, delay, Timeout.InfiniteTimeSpan);
            }

            wait._registration = owner.CancellationToken.UnsafeRegister(static (s, token) => ((SleepWait)s!).Cancel(token), wait);
        }

        return wait.Task;
    }

    protected override void Complete()
    {
        if (_canceled)
        {
            _promise.TrySetCanceled(_canceledBy);
        }
        else
        {
            _promise.TrySetResult();
        }
    }

    protected override void Fail(Exception exception) => _promise.TrySetException(exception);

    protected override void OnInterrupted(bool woken)
    {
        _timer?.Dispose();
        _registration.Dispose();
    }

    private void Elapse()
    {
        _registration.Dispose();
        Wake();
    }

    private void Cancel(CancellationToken token)
    {
        if (IsWoken)
        {
            return;
        }

        _timer?.Dispose();
        _canceled = true;
        _canceledBy = token;
        Wake();
    }
}
