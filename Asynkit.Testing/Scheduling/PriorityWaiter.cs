namespace Asynkit.Testing;

/// <summary>One task waiting in a <see cref="PriorityWaitQueue"/>: a promise completed to wake it, cancelled to abandon the wait.</summary>
internal sealed class PriorityWaiter : TaskCompletionSource
{
    private CancellationTokenRegistration _callerToken;
    private CancellationTokenRegistration _taskToken;

    public PriorityWaiter(LoopTask owner, PriorityWaitQueue queue, int priority, long sequence)
    {
        Owner = owner;
        Queue = queue;
        Priority = priority;
        Sequence = sequence;
    }

    /// <summary>The waiting task.</summary>
    public LoopTask Owner { get; }

    public PriorityWaitQueue Queue { get; }

    /// <summary>The sort key: the owner's effective priority, kept current by the queue.</summary>
    public int Priority { get; set; }

    /// <summary>The tie-break: arrival order in the queue.</summary>
    public long Sequence { get; }

    /// <summary>Cancels the wait when <paramref name="callerToken"/> or <paramref name="taskToken"/> fires (unless it was woken first).</summary>
    public void CancelOn(CancellationToken callerToken, CancellationToken taskToken)
    {
        _callerToken = callerToken.UnsafeRegister(static (state, token) => ((PriorityWaiter)state!).TrySetCanceled(token), this);
        _taskToken = taskToken.UnsafeRegister(static (state, token) => ((PriorityWaiter)state!).TrySetCanceled(token), this);
    }

    public void DisposeRegistrations()
    {
        _callerToken.Dispose();
        _taskToken.Dispose();
    }
}
