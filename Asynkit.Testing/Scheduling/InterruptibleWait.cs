namespace Asynkit.Testing;

/// <summary>The loop-owned wait of Scheduling.Interruptible: a promise for one waiter that ends as the awaited Task ends, or
/// earlier with an interrupt; the awaited Task keeps running either way.</summary>
internal sealed class InterruptibleWait<T> : LoopWait
{
    private readonly TaskCompletionSource<T> _promise = new();
    private readonly Task _awaited;

    private InterruptibleWait(LoopTask owner, Task awaited)
        : base(owner) => _awaited = awaited;

    internal override Task Task => _promise.Task;

    /// <summary>Starts waiting for <paramref name="awaited"/> in <paramref name="owner"/>'s step and returns the Task to await.</summary>
    internal static Task<T> Start(AsynkitLoop loop, LoopTask owner, Task awaited)
    {
        var wait = new InterruptibleWait<T>(owner, awaited);
        if (wait.Begin())
        {
            // Runs inline where the awaited Task completes (on the loop, through its scheduler) and queues the owner's wake
            // step, just as the await's own continuation would be posted to the owner's context.
            awaited.ContinueWith(static (_, state) => ((InterruptibleWait<T>)state!).Wake(), wait, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, loop.TaskScheduler);
        }

        return wait._promise.Task;
    }

    protected override void Complete()
    {
        switch (_awaited.Status)
        {
            case TaskStatus.RanToCompletion:
                _promise.TrySetResult(_awaited is Task<T> typed ? typed.Result : default!);
                break;
            case TaskStatus.Canceled:
                _promise.TrySetCanceled(LoopTask.CanceledToken(_awaited));
                break;
            default:
                _promise.TrySetException(_awaited.Exception!.InnerExceptions);
                break;
        }
    }

    protected override void Fail(Exception exception) => _promise.TrySetException(exception);
}
