namespace Asynkit.Testing;

/// <summary>Tasks waiting for a <see cref="PriorityLock"/> or a <see cref="PriorityCondition"/>, in (effective priority, arrival)
/// order; O(log n) to add, remove, re-key and find the first.</summary>
/// <remarks>For a lock, every change of its best waiter is passed on to the lock's owner (priority inheritance).</remarks>
internal sealed class PriorityWaitQueue
{
    private static readonly Comparer<PriorityWaiter> s_order = Comparer<PriorityWaiter>.Create(static (a, b) =>
        a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : a.Sequence.CompareTo(b.Sequence));

    private readonly SortedSet<PriorityWaiter> _waiters = new(s_order);
    private readonly PriorityLock? _lock;
    private long _nextSequence;

    /// <summary>Creates a queue; waiters of <paramref name="inheritingLock"/> lend their priority to its owner.</summary>
    public PriorityWaitQueue(PriorityLock? inheritingLock) => _lock = inheritingLock;

    public int Count => _waiters.Count;

    /// <summary>The best waiter, or null.</summary>
    public PriorityWaiter? First => _waiters.Count == 0 ? null : _waiters.Min;

    /// <summary>The waiters, best first.</summary>
    public IEnumerable<PriorityWaiter> InOrder => _waiters;

    public PriorityWaiter Add(LoopTask task)
    {
        var waiter = new PriorityWaiter(task, this, task.EffectivePriority, _nextSequence++);
        _waiters.Add(waiter);
        TaskPriorityLinks.Of(task).Waiting.Add(waiter);
        UpdateOwner(0);
        return waiter;
    }

    public void Remove(PriorityWaiter waiter)
    {
        waiter.DisposeRegistrations();
        if (_waiters.Remove(waiter))
        {
            TaskPriorityLinks.Of(waiter.Owner).Waiting.Remove(waiter);
            UpdateOwner(0);
        }
    }

    /// <summary>Re-keys <paramref name="waiter"/> after its task's effective priority changed.</summary>
    public void Reprioritize(PriorityWaiter waiter, int depth)
    {
        int priority = waiter.Owner.EffectivePriority;
        if (priority == waiter.Priority || !_waiters.Remove(waiter))
        {
            return;
        }

        waiter.Priority = priority;
        _waiters.Add(waiter);
        UpdateOwner(depth + 1);
    }

    private void UpdateOwner(int depth)
    {
        if (_lock?.Owner is { } owner)
        {
            owner.UpdateEffectivePriority(depth);
        }
    }
}
