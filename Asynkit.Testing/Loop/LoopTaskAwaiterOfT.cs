using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>Awaits a <see cref="LoopTask{T}"/> and returns its result: interruptible from a loop task's own step, as
/// <see cref="LoopTaskAwaiter"/>; elsewhere exactly as an await of <see cref="LoopTask{T}.Task"/>.</summary>
/// <typeparam name="T">The task's result type.</typeparam>
public readonly struct LoopTaskAwaiter<T> : ICriticalNotifyCompletion
{
    // Named _task so that the async-stack walk (AsyncStackInspector) sees the awaited promise, as with a TaskAwaiter.
    private readonly Task<T> _task;
    private readonly LoopTaskWait? _wait;

    internal LoopTaskAwaiter(LoopTask task, Task<T> promise)
    {
        _task = promise;
        _wait = promise.IsCompleted ? null : LoopTaskWait.ForCurrent(task);
    }

    /// <summary>True when the task has finished (or a pending interrupt ends the await at once).</summary>
    public bool IsCompleted => _wait is { } wait ? wait.IsSettled : _task.IsCompleted;

    /// <summary>Ends the await with the task's result: raises an interrupt delivered to it, else the task's exception or cancellation, if any.</summary>
    public T GetResult()
    {
        _wait?.ThrowIfInterrupted();
        return _task.GetAwaiter().GetResult();
    }

    /// <summary>Schedules <paramref name="continuation"/> to run when the await ends, flowing the ExecutionContext.</summary>
    public void OnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (_wait is { } wait)
        {
            wait.OnCompleted(LoopTaskWait.FlowingExecutionContext(continuation));
        }
        else
        {
            _task.GetAwaiter().OnCompleted(continuation);
        }
    }

    /// <summary>Schedules <paramref name="continuation"/> to run when the await ends.</summary>
    public void UnsafeOnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (_wait is { } wait)
        {
            wait.OnCompleted(continuation);
        }
        else
        {
            _task.GetAwaiter().UnsafeOnCompleted(continuation);
        }
    }
}
