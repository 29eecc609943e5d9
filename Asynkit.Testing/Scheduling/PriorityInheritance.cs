namespace Asynkit.Testing;

/// <summary>Keeps <see cref="LoopTask.EffectivePriority"/> current: a task holding a PriorityLock runs at least at the priority
/// of the best task waiting for it, transitively through chains of locks.</summary>
internal static class PriorityInheritance
{
    /// <summary>A chain longer than this stops propagating (only a lock cycle, that is a deadlock, can be this long).</summary>
    private const int MaxChain = 10_000;

    public static TaskPriorityLinks Links(LoopTask task) => task.PriorityLinks ??= new TaskPriorityLinks();

    /// <summary>Recomputes the effective priority of <paramref name="task"/>; when it changed, re-queues the task's ready items and
    /// passes the change on to the queues the task waits in (and so to those locks' owners).</summary>
    public static void Update(LoopTask task, int depth = 0)
    {
        int best = task.Priority;
        TaskPriorityLinks? links = task.PriorityLinks;
        if (links is not null)
        {
            foreach (PriorityLock held in links.Held)
            {
                if (held.EffectivePriority is int inherited && inherited < best)
                {
                    best = inherited;
                }
            }
        }

        int previous = task.EffectivePriority;
        if (best == previous)
        {
            return;
        }

        task.EffectivePriority = best;
        task.Loop.OnEffectivePriorityChanged(task, previous);
        if (links is null || depth >= MaxChain)
        {
            return;
        }

        for (int i = 0; i < links.Waiting.Count; i++)
        {
            PriorityWaiter waiter = links.Waiting[i];
            waiter.Queue.Reprioritize(waiter, depth);
        }
    }
}
