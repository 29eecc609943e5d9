namespace Asynkit.Testing;

/// <summary>A task identity whose <see cref="LoopTask"/> is created only when something needs it: a post (the body blocked
/// and will resume), a read of <see cref="AsynkitLoop.CurrentTask"/>, or the caller asking for it.</summary>
/// <remarks>Coro.Eager runs its synchronous part under one of these, so a coroutine that finishes without suspending costs
/// one small object and never becomes a task of the loop.</remarks>
internal abstract class LazyTaskContext : SynchronizationContext
{
    private LoopTask? _task;

    protected LazyTaskContext(AsynkitLoop loop)
    {
        Loop = loop;
        SetWaitNotificationRequired();
    }

    internal AsynkitLoop Loop { get; }

    /// <summary>The task, if it has been created.</summary>
    internal LoopTask? CreatedTask => _task;

    /// <summary>The task, created on first use (on the loop thread only).</summary>
    internal LoopTask Task => _task ??= CreateTask();

    public override void Post(SendOrPostCallback d, object? state) =>
        Loop.Post(d, state, Loop.IsLoopThread ? Task : _task);

    public override void Send(SendOrPostCallback d, object? state) => Task.Context.Send(d, state);

    public override SynchronizationContext CreateCopy() => this;

    public override int Wait(IntPtr[] waitHandles, bool waitAll, int millisecondsTimeout) => Loop.WaitOnLoop(waitHandles, waitAll, millisecondsTimeout);

    public override void OperationStarted() => Loop.AsyncVoidStarted();

    public override void OperationCompleted() => Loop.AsyncVoidCompleted();

    /// <summary>Creates the LoopTask of this identity (not registered with the loop: the caller decides).</summary>
    protected abstract LoopTask CreateTask();
}
