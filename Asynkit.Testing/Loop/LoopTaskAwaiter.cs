using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>Awaits a <see cref="LoopTask"/>: from a loop task's own step, through a wait the loop owns, so that
/// <see cref="Scheduling.TaskThrow"/>, <see cref="Scheduling.TaskInterrupt"/> and <see cref="Scheduling.TaskTimeout"/> can
/// interrupt the await (the awaited task keeps running); elsewhere, exactly as an await of <see cref="LoopTask.Task"/>.</summary>
/// <remarks>Awaiting a finished task allocates nothing. A blocking await resumes in the same step, in the same order, as an
/// await of the Task would; only an interrupt can end it earlier.</remarks>
public readonly struct LoopTaskAwaiter : ICriticalNotifyCompletion
{
    // Named _task so that the async-stack walk (AsyncStackInspector) sees the awaited promise, as with a TaskAwaiter.
    private readonly Task _task;
    private readonly LoopTaskWait? _wait;

    internal LoopTaskAwaiter(LoopTask task)
    {
        _task = task.PromiseTask;
        _wait = _task.IsCompleted ? null : LoopTaskWait.ForCurrent(task);
    }

    /// <summary>True when the task has finished (or a pending interrupt ends the await at once).</summary>
    public bool IsCompleted => _wait is { } wait ? wait.IsSettled : _task.IsCompleted;

    /// <summary>Ends the await: raises an interrupt delivered to it, else the task's exception or cancellation, if any.</summary>
    public void GetResult()
    {
        _wait?.ThrowIfInterrupted();
        _task.GetAwaiter().GetResult();
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
