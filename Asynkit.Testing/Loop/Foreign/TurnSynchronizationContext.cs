namespace Asynkit.Testing;

/// <summary>The SynchronizationContext of a pool thread while it runs a turn: it behaves as no context would (posts go to the thread
/// pool) but lets the loop see synchronous waits, so that a turn blocked in Task.Wait, .Result or SemaphoreSlim.Wait gives its turn
/// back instead of holding the loop.</summary>
internal sealed class TurnSynchronizationContext : SynchronizationContext
{
    internal TurnSynchronizationContext(AsynkitLoop loop, LoopTask? owner)
    {
        Loop = loop;
        Owner = owner;
        SetWaitNotificationRequired();
    }

    internal AsynkitLoop Loop { get; }

    internal LoopTask? Owner { get; }

    /// <summary>A wait that bypasses every context's hook.</summary>
    internal static int WaitRaw(IntPtr[] waitHandles, bool waitAll, int millisecondsTimeout) => WaitHelper(waitHandles, waitAll, millisecondsTimeout);

    public override void Post(SendOrPostCallback d, object? state) => ForeignControl.QueueFor(Owner, d, state);

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    public override int Wait(IntPtr[] waitHandles, bool waitAll, int millisecondsTimeout)
    {
        if (ForeignControl.InInternalWait || millisecondsTimeout == 0 || ForeignControl.Turn is not { } turn || turn.Loop != Loop)
        {
            return WaitHelper(waitHandles, waitAll, millisecondsTimeout);
        }

        (bool condition, _, bool onHandle) = BlockingWaits.Inspect();
        if (!condition)
        {
            // Lock contention (or a wait we cannot read) keeps the turn: locks are held briefly, and parking could leave the loop
            // idle while a thread outside it holds the lock.
            return WaitHelper(waitHandles, waitAll, millisecondsTimeout);
        }

        return ForeignControl.WaitInTurn(turn, waitHandles, waitAll, millisecondsTimeout, selfCheck: onHandle);
    }

    public override string ToString() => Owner is null ? "AsynkitLoop thread-pool step" : $"AsynkitLoop thread-pool step of task '{Owner.Name}'";
}
