namespace Asynkit.Testing;

/// <summary>An async lock that grants waiters in priority order, with priority inheritance (asynkit's PriorityLock).</summary>
/// <remarks>
/// <para>Waiters get the lock by <see cref="LoopTask.EffectivePriority"/>, FIFO among equals. While a task holds the lock, its
/// effective priority is at least that of the best waiter (transitively through chains of locks), and it drops back on release.
/// Waiters are ordered on any <see cref="AsynkitLoop"/>; the inherited priority changes the run order under
/// <see cref="LoopOptions.PriorityScheduling"/>.</para>
/// <para>As asyncio.Lock: a free lock with no waiters is taken without suspending; a released lock wakes its best waiter, which
/// takes the lock when it runs. Unlike asyncio.Lock, only the holder may release it, and it is not reentrant.</para>
/// </remarks>
public sealed class PriorityLock
{
    private readonly PriorityWaitQueue _waiters;
    private AsynkitLoop? _loop;

    /// <summary>Creates an unlocked lock; it binds to the loop that uses it (again when idle).</summary>
    public PriorityLock() => _waiters = new PriorityWaitQueue(this);

    /// <summary>True while a task holds the lock.</summary>
    public bool IsLocked => Owner is not null;

    /// <summary>The task holding the lock, or null.</summary>
    public LoopTask? Owner { get; private set; }

    /// <summary>How many tasks wait for the lock (including a woken one that has not run yet).</summary>
    public int WaiterCount => _waiters.Count;

    /// <summary>The best effective priority among the waiters (what the holder inherits), or null when nobody waits.</summary>
    public int? EffectivePriority => _waiters.First?.Priority;

    /// <summary>Waits for the lock and takes it; dispose the result (or call <see cref="Release"/>) to release it.</summary>
    /// <param name="cancellationToken">Abandons the wait; the current task's <see cref="LoopTask.Cancel"/> does too.</param>
    /// <returns>A releaser: <c>using (await gate.AcquireAsync()) { ... }</c>.</returns>
    /// <exception cref="InvalidOperationException">Not on a running loop, not in a task, or the task already holds the lock.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled; the task is out of the queue.</exception>
    public Task<IDisposable> AcquireAsync(CancellationToken cancellationToken = default)
    {
        LoopTask task = Enter(nameof(AcquireAsync));
        if (Owner == task)
        {
            throw new InvalidOperationException($"PriorityLock.AcquireAsync: task '{task.Name}' (#{task.Id}) already holds this lock; PriorityLock is not reentrant (the second acquire would wait forever).");
        }

        if (Owner is null && _waiters.Count == 0)
        {
            Take(task);
            return Task.FromResult<IDisposable>(new Releaser(this));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IDisposable>(cancellationToken);
        }

        if (task.IsCancellationRequested)
        {
            return Task.FromCanceled<IDisposable>(task.CancellationToken);
        }

        return WaitAsync(task, cancellationToken, task.CancellationToken);
    }

    /// <summary>Releases the lock and wakes the best waiter; the releasing task's inherited priority drops back.</summary>
    /// <exception cref="InvalidOperationException">Not on a running loop, the lock is not held, or the caller is not its holder.</exception>
    public void Release()
    {
        AsynkitLoop loop = AsynkitLoop.Require("PriorityLock.Release");
        LoopTask owner = Owner ?? throw new InvalidOperationException("PriorityLock.Release: the lock is not held by any task.");
        LoopTask? caller = loop.CurrentTask;
        if (caller != owner)
        {
            string who = caller is null ? "a plain callback (no task)" : $"task '{caller.Name}' (#{caller.Id})";
            throw new InvalidOperationException($"PriorityLock.Release: the lock is held by task '{owner.Name}' (#{owner.Id}), not by the caller, {who}; only the holder can release it.");
        }

        Owner = null;
        TaskPriorityLinks.Of(owner).Held.Remove(this);
        owner.UpdateEffectivePriority();
        WakeFirst();
    }

    /// <inheritdoc />
    public override string ToString() => Owner is null
        ? $"PriorityLock (unlocked, {WaiterCount} waiting)"
        : $"PriorityLock (held by '{Owner.Name}' #{Owner.Id}, {WaiterCount} waiting)";

    /// <summary>Takes the lock again for <see cref="PriorityCondition"/>, ignoring cancellation (as asyncio's Condition.wait does).</summary>
    internal Task ReacquireAsync(LoopTask task)
    {
        if (Owner is null && _waiters.Count == 0)
        {
            Take(task);
            return Task.CompletedTask;
        }

        return WaitAsync(task, CancellationToken.None, CancellationToken.None);
    }

    /// <summary>The current task, after checking the loop (binding an idle lock to it) and that a task is running; errors name
    /// <paramref name="type"/>.<paramref name="member"/> (the condition passes its own name).</summary>
    internal LoopTask Enter(string member, string type = nameof(PriorityLock))
    {
        member = $"{type}.{member}";
        AsynkitLoop loop = AsynkitLoop.Require(member);
        if (_loop != loop)
        {
            if (_loop is not null && (Owner is not null || _waiters.Count > 0))
            {
                throw new InvalidOperationException($"{member}: the lock is in use on another AsynkitLoop; a lock belongs to one loop at a time.");
            }

            _loop = loop;
        }

        return loop.CurrentTask ?? throw new InvalidOperationException($"{member} must be called from a LoopTask, not from a plain callback (CallSoon, a timer): locks are held by tasks.");
    }

    private async Task<IDisposable> WaitAsync(LoopTask task, CancellationToken cancellationToken, CancellationToken taskToken)
    {
        PriorityWaiter waiter = _waiters.Add(task);
        try
        {
            waiter.CancelOn(cancellationToken, taskToken);

            // A loop-owned wait: Scheduling.TaskThrow/TaskInterrupt/TaskTimeout can end it, even after the lock woke this waiter
            // (the finally below then passes the lock on).
            await Scheduling.Interruptible(waiter.Task);
            Take(task);
            return new Releaser(this);
        }
        finally
        {
            // Also passes the inherited priority of the remaining waiters to the new holder.
            _waiters.Remove(waiter);
            if (Owner is null)
            {
                WakeFirst();
            }
        }
    }

    private void Take(LoopTask task)
    {
        Owner = task;
        TaskPriorityLinks.Of(task).Held.Add(this);
        task.UpdateEffectivePriority();
    }

    private void WakeFirst() => _waiters.First?.TrySetResult();

    /// <summary>Releases the lock once, on Dispose.</summary>
    private sealed class Releaser : IDisposable
    {
        private PriorityLock? _lock;

        public Releaser(PriorityLock priorityLock) => _lock = priorityLock;

        public void Dispose()
        {
            PriorityLock? priorityLock = _lock;
            _lock = null;
            priorityLock?.Release();
        }
    }
}
