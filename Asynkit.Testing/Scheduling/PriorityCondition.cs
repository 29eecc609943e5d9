using System.Runtime.ExceptionServices;

namespace Asynkit.Testing;

/// <summary>A condition variable over a <see cref="PriorityLock"/> that wakes waiters in priority order (asynkit's PriorityCondition).</summary>
/// <remarks>
/// As asyncio.Condition: <see cref="WaitAsync"/> releases the lock, waits for a notification and takes the lock again before it
/// returns (even when cancelled). Waiters are woken by <see cref="LoopTask.EffectivePriority"/>, FIFO among equals. The condition
/// itself lends no priority: a waiting task holds nothing while it waits.
/// </remarks>
public sealed class PriorityCondition
{
    private readonly PriorityWaitQueue _waiters = new(null);

    /// <summary>Creates a condition over <paramref name="priorityLock"/>, or over a new PriorityLock when null.</summary>
    public PriorityCondition(PriorityLock? priorityLock = null) => Lock = priorityLock ?? new PriorityLock();

    /// <summary>The underlying lock.</summary>
    public PriorityLock Lock { get; }

    /// <summary>True while a task holds the underlying lock.</summary>
    public bool IsLocked => Lock.IsLocked;

    /// <summary>How many tasks wait for a notification.</summary>
    public int WaiterCount => _waiters.Count;

    /// <summary>Takes the underlying lock, as <see cref="PriorityLock.AcquireAsync"/>.</summary>
    public Task<IDisposable> AcquireAsync(CancellationToken cancellationToken = default) => Lock.AcquireAsync(cancellationToken);

    /// <summary>Releases the underlying lock, as <see cref="PriorityLock.Release"/>.</summary>
    public void Release() => Lock.Release();

    /// <summary>Releases the lock, waits until notified, then takes the lock again.</summary>
    /// <param name="cancellationToken">Abandons the wait (the lock is still re-taken first); the task's Cancel does too.</param>
    /// <exception cref="InvalidOperationException">Not on a running loop, or the current task does not hold the lock.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled; the lock is held again.</exception>
    public Task WaitAsync(CancellationToken cancellationToken = default)
    {
        LoopTask task = RequireHolder(nameof(WaitAsync));
        PriorityWaiter waiter = _waiters.Add(task);
        Lock.Release();
        return WaitCoreAsync(task, waiter, cancellationToken);
    }

    /// <summary>Waits until <paramref name="predicate"/> is true, checking it first and after each notification, with the lock held.</summary>
    public async Task WaitForAsync(Func<bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        _ = RequireHolder(nameof(WaitForAsync));
        while (!predicate())
        {
            await WaitAsync(cancellationToken);
        }
    }

    /// <summary>Wakes up to <paramref name="count"/> waiters, best priority first; the caller must hold the lock.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">Not on a running loop, or the current task does not hold the lock.</exception>
    public void Notify(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        RequireHolder(nameof(Notify));
        NotifyCore(count);
    }

    /// <summary>Wakes every waiter, best priority first; the caller must hold the lock.</summary>
    public void NotifyAll() => Notify(int.MaxValue);

    private void NotifyCore(int count)
    {
        int woken = 0;
        foreach (PriorityWaiter waiter in _waiters.InOrder)
        {
            if (woken >= count)
            {
                break;
            }

            if (waiter.TrySetResult())
            {
                woken++;
            }
        }
    }

    private async Task WaitCoreAsync(LoopTask task, PriorityWaiter waiter, CancellationToken cancellationToken)
    {
        bool returned = false;
        try
        {
            try
            {
                waiter.CancelOn(cancellationToken, task.CancellationToken);
                await Scheduling.Interruptible(waiter.Task);   // interruptible (Scheduling.TaskThrow / TaskInterrupt / TaskTimeout)
            }
            finally
            {
                _waiters.Remove(waiter);
                await ReacquireAsync(task);
            }

            returned = true;
        }
        finally
        {
            // A notified waiter that ends with an exception (an interrupt after the notification, or during the re-take) passes
            // the notification on, as asynkit's and asyncio's Condition.wait do; else it is lost and another waiter may hang.
            // The lock is held again here.
            if (!returned && waiter.Task.IsCompletedSuccessfully)
            {
                NotifyCore(1);
            }
        }
    }

    /// <summary>Takes the lock again; an interrupt while waiting for it is raised only once the lock is held (as asyncio's
    /// Condition.wait does with a CancelledError during its re-acquire), so the caller's release stays valid.</summary>
    private async Task ReacquireAsync(LoopTask task)
    {
        ExceptionDispatchInfo? interrupt = null;
        while (true)
        {
            try
            {
                await Lock.ReacquireAsync(task);
                break;
            }
            catch (Exception ex) when (Lock.Owner != task)
            {
                interrupt ??= ExceptionDispatchInfo.Capture(ex);
            }
        }

        interrupt?.Throw();
    }

    private LoopTask RequireHolder(string member)
    {
        LoopTask task = Lock.Enter(member, nameof(PriorityCondition));
        if (Lock.Owner != task)
        {
            string holder = Lock.Owner is { } owner ? $"it is held by task '{owner.Name}' (#{owner.Id})" : "it is not held";
            throw new InvalidOperationException($"PriorityCondition.{member}: task '{task.Name}' (#{task.Id}) must hold the condition's lock, but {holder}; acquire it first.");
        }

        return task;
    }
}
