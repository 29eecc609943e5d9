namespace Asynkit.Testing;

/// <summary>What ties one task into priority inheritance: the PriorityLocks it holds and the wait queues it is in. It lives in
/// the task's extension slots and keeps <see cref="LoopTask.EffectivePriority"/> current: a task holding a PriorityLock runs at
/// least at the priority of the best task waiting for it, transitively through chains of locks.</summary>
internal sealed class TaskPriorityLinks : TaskExtension
{
    /// <summary>A chain longer than this stops propagating (only a lock cycle, that is a deadlock, can be this long).</summary>
    private const int MaxChain = 10_000;

    /// <summary>The locks the task holds, in acquisition order.</summary>
    public List<PriorityLock> Held { get; } = [];

    /// <summary>The task's entries in wait queues (usually at most one: the task waits for one thing at a time).</summary>
    public List<PriorityWaiter> Waiting { get; } = [];

    /// <summary>The best effective priority among the waiters of the locks the task holds.</summary>
    internal override int? LentPriority
    {
        get
        {
            int? best = null;
            foreach (PriorityLock held in Held)
            {
                if (held.EffectivePriority is int inherited && (best is null || inherited < best))
                {
                    best = inherited;
                }
            }

            return best;
        }
    }

    /// <summary>The links of <paramref name="task"/>, created on first use.</summary>
    public static TaskPriorityLinks Of(LoopTask task) => task.Extensions.GetOrAdd<TaskPriorityLinks>();

    /// <summary>Passes the task's new effective priority on to the queues it waits in (and so to those locks' owners).</summary>
    internal override void OnEffectivePriorityChanged(LoopTask task, int depth)
    {
        if (depth >= MaxChain)
        {
            return;
        }

        for (int i = 0; i < Waiting.Count; i++)
        {
            PriorityWaiter waiter = Waiting[i];
            waiter.Queue.Reprioritize(waiter, depth);
        }
    }
}
