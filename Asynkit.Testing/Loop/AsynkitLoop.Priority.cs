namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    /// <summary>Creates a task with <paramref name="priority"/> (see <see cref="TaskPriority"/>); lazy, as
    /// <see cref="CreateTask(Func{Task}, string?)"/>.</summary>
    public LoopTask CreateTask(Func<Task> body, int priority, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        EnsureLoopThread(nameof(CreateTask));
        return RegisterWithPriority(new LoopTask(this, ++_nextTaskId, name, body, null), priority);
    }

    /// <summary>Creates a task whose body returns a value, with <paramref name="priority"/>; lazy.</summary>
    public LoopTask<T> CreateTask<T>(Func<Task<T>> body, int priority, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        EnsureLoopThread(nameof(CreateTask));
        return RegisterWithPriority(new LoopTask<T>(this, ++_nextTaskId, name, body), priority);
    }

    /// <summary>Creates a task whose body receives the task's cancellation token, with <paramref name="priority"/>; lazy.</summary>
    public LoopTask CreateTask(Func<CancellationToken, Task> body, int priority, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        EnsureLoopThread(nameof(CreateTask));
        return RegisterWithPriority(new LoopTask(this, ++_nextTaskId, name, null, body), priority);
    }

    /// <summary>Re-queues the ready items of <paramref name="task"/> after its effective priority changed from <paramref name="previous"/>.</summary>
    internal void OnEffectivePriorityChanged(LoopTask task, int previous)
    {
        if (task.ReadyRefs > 0)
        {
            _ready.Reprioritize(task, previous, task.EffectivePriority);
        }
    }

    private TTask RegisterWithPriority<TTask>(TTask task, int priority)
        where TTask : LoopTask
    {
        task.Priority = priority;
        Register(task);
        return task;
    }
}
