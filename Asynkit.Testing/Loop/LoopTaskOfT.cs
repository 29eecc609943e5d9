namespace Asynkit.Testing;

/// <summary>A <see cref="LoopTask"/> whose body returns a value.</summary>
/// <typeparam name="T">The body's result type.</typeparam>
public sealed class LoopTask<T> : LoopTask
{
    private readonly Func<Task<T>> _body;
    private readonly TaskCompletionSource<T> _promise = new();

    internal LoopTask(AsynkitLoop loop, int id, string? name, Func<Task<T>> body)
        : base(loop, id, name)
    {
        _body = body;
    }

    /// <summary>The task's result; completes when the body completes, with its outcome (a plain Task await: await the LoopTask itself to be interruptible).</summary>
    public new Task<T> Task
    {
        get
        {
            MarkObserved();
            return _promise.Task;
        }
    }

    internal override Task PromiseTask => _promise.Task;

    /// <summary>Awaits the task's result; from a loop task's own step the await is interruptible, as <see cref="LoopTask.GetAwaiter"/>.</summary>
    public new LoopTaskAwaiter<T> GetAwaiter()
    {
        MarkObserved();
        return new LoopTaskAwaiter<T>(this, _promise.Task);
    }

    private protected override Task InvokeBody() => _body();

    private protected override void SetResultCore(Task inner) => _promise.TrySetResult(((Task<T>)inner).Result);

    private protected override void SetCanceledCore(CancellationToken token) => _promise.TrySetCanceled(token);

    private protected override void SetFaultedCore(IEnumerable<Exception> exceptions) => _promise.TrySetException(exceptions);
}
