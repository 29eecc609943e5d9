using System.Diagnostics;

namespace Asynkit.Testing;

/// <summary>One thread-pool work item that code on the loop queued (Task.Run, a ConfigureAwait(false) continuation, a
/// QueueUserWorkItem callback...): it runs as a step of the loop, on the pool thread that took it, when the loop gives it its turn.</summary>
/// <remarks>The thread-pool event that reports the enqueue names the item only by its hash code, and the dequeue event on the pool
/// thread carries the same code: that is how the pool thread finds its item. See docs/foreign-work.md.</remarks>
internal sealed class ForeignItem
{
    private int _state;

    internal ForeignItem(AsynkitLoop loop, long id, LoopTask? owner, int sequence, long step)
    {
        Loop = loop;
        Id = id;
        Owner = owner;
        Sequence = sequence;
        QueuedAtStep = step;
    }

    internal AsynkitLoop Loop { get; }

    /// <summary>The marker of the run that queued it (a loop runs many times; each run has its own).</summary>
    internal LoopMarker? Run { get; init; }

    /// <summary>The work item's hash code, as the thread pool's events report it.</summary>
    internal long Id { get; }

    /// <summary>The task whose step queued it; its turns are that task's steps.</summary>
    internal LoopTask? Owner { get; }

    /// <summary>1, 2, 3... in the order the loop's code queued its thread-pool work.</summary>
    internal int Sequence { get; }

    internal long QueuedAtStep { get; }

    internal ForeignItemState State => (ForeignItemState)Volatile.Read(ref _state);

    /// <summary>The next item queued with the same hash code while this one waits (hash codes may collide).</summary>
    internal ForeignItem? NextSameId { get; set; }

    /// <summary>The pool thread running it, once one took it.</summary>
    internal Thread? Thread { get; set; }

    /// <summary>The event that thread waits on for its turn (the thread's own, reused by every item it runs).</summary>
    internal AutoResetEvent? Gate { get; set; }

    /// <summary>The thread pool's per-thread queue, detached while the turn runs (so that work it queues cannot be inlined
    /// unseen); null when the thread had none.</summary>
    internal object? DetachedQueue { get; set; }

    /// <summary>What ran, for traces and messages: the delegate or async method, once the turn has started.</summary>
    internal string? Description { get; set; }

    /// <summary>The wait handles of a parked turn.</summary>
    internal IntPtr[]? ParkHandles { get; set; }

    internal bool ParkWaitAll { get; set; }

    /// <summary>True when only the parked thread itself may try the wait (a WaitHandle wait: the handle may be a Mutex).</summary>
    internal bool ParkSelfCheck { get; set; }

    /// <summary>What the parked thread's own try of its wait returned (Checking).</summary>
    internal int CheckResult { get; set; }

    /// <summary>The parked wait's timeout in milliseconds (Timeout.Infinite for none).</summary>
    internal int ParkTimeoutMilliseconds { get; set; }

    /// <summary>Where the parked turn waits (user frames), for deadlock messages.</summary>
    internal StackTrace? ParkedAt { get; set; }

    /// <summary>The virtual timer that ends a parked wait's timeout, if it has one.</summary>
    internal ITimer? ParkTimer { get; set; }

    /// <summary>Bumped at every park, so a late timeout of an earlier park does nothing.</summary>
    internal int ParkVersion { get; set; }

    /// <summary>What the parked wait returns when the turn resumes (a WaitHandle index, or WaitHandle.WaitTimeout).</summary>
    internal int ResumeResult { get; set; }

    internal void SetState(ForeignItemState state) => Volatile.Write(ref _state, (int)state);

    /// <summary>The run is over: the item goes on without the loop. A full fence, so nothing after it is read before it.</summary>
    internal void Abandon() => Interlocked.Exchange(ref _state, (int)ForeignItemState.Abandoned);

    internal bool TrySetState(ForeignItemState from, ForeignItemState to) =>
        Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from;

    /// <summary>"thread-pool work #3 (Task.Run body Foo.Bar)".</summary>
    internal string Describe() => Description is null ? $"thread-pool work #{Sequence}" : $"thread-pool work #{Sequence} ({Description})";

    public override string ToString() => Describe();
}
