namespace Asynkit.Testing;

/// <summary>The identity of one <see cref="LoopTask"/> (or, with no owner, of plain callbacks): what it posts becomes its ready item.</summary>
internal sealed class LoopSynchronizationContext : SynchronizationContext
{
    internal LoopSynchronizationContext(AsynkitLoop loop, LoopTask? owner)
    {
        Loop = loop;
        Owner = owner;

        // Synchronous waits on the loop's thread come to Wait below, so the loop can run the thread-pool work they wait for.
        SetWaitNotificationRequired();
    }

    internal AsynkitLoop Loop { get; }

    internal LoopTask? Owner { get; }

    public override void Post(SendOrPostCallback d, object? state) => Loop.Post(d, state, Owner);

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (Loop.IsLoopThread)
        {
            d(state);
            return;
        }

        Loop.ReportForeignSend(d, state, Owner);
        throw new InvalidOperationException("Send from another thread to an AsynkitLoop context is not supported: the loop runs on one thread only.");
    }

    public override SynchronizationContext CreateCopy() => this;

    public override int Wait(IntPtr[] waitHandles, bool waitAll, int millisecondsTimeout) => Loop.WaitOnLoop(waitHandles, waitAll, millisecondsTimeout);

    public override void OperationStarted() => Loop.AsyncVoidStarted();

    public override void OperationCompleted() => Loop.AsyncVoidCompleted();

    public override string ToString() => Owner is null ? "AsynkitLoop callbacks" : $"AsynkitLoop task '{Owner.Name}'";
}
