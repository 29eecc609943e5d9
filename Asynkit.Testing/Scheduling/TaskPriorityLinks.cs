namespace Asynkit.Testing;

/// <summary>What ties one task into priority inheritance: the PriorityLocks it holds and the wait queues it is in.</summary>
internal sealed class TaskPriorityLinks
{
    /// <summary>The locks the task holds, in acquisition order.</summary>
    public List<PriorityLock> Held { get; } = [];

    /// <summary>The task's entries in wait queues (usually at most one: the task waits for one thing at a time).</summary>
    public List<PriorityWaiter> Waiting { get; } = [];
}
