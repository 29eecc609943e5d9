namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    /// <summary>Creates a task for <paramref name="body"/> and appends its first step to the ready queue; the body starts when
    /// that step runs (lazy, as asyncio.create_task).</summary>
    public LoopTask CreateTask(Func<Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        EnsureLoopThread(nameof(CreateTask));
        var task = new LoopTask(this, ++_nextTaskId, name, body, null);
        Register(task);
        return task;
    }

    /// <summary>Creates a task whose body returns a value; lazy, as <see cref="CreateTask(Func{Task}, string?)"/>.</summary>
    public LoopTask<T> CreateTask<T>(Func<Task<T>> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        EnsureLoopThread(nameof(CreateTask));
        var task = new LoopTask<T>(this, ++_nextTaskId, name, body);
        Register(task);
        return task;
    }

    /// <summary>Creates a task whose body receives a token that is cancelled by <see cref="LoopTask.Cancel"/>.</summary>
    public LoopTask CreateTask(Func<CancellationToken, Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        EnsureLoopThread(nameof(CreateTask));
        var task = new LoopTask(this, ++_nextTaskId, name, null, body);
        Register(task);
        return task;
    }

    /// <summary>Asks the strategy to decide among <paramref name="count"/> options (option 0 is the default behaviour).</summary>
    /// <remarks>Used by fault points: exploration then enumerates decisions together with interleavings.</remarks>
    public int Decide(string label, int count)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        EnsureLoopThread(nameof(Decide));
        int chosen = 0;
        if (Strategy is { } strategy && count > 1)
        {
            chosen = strategy.Choose(new ChoicePoint(this, ChoiceKind.Decision, count, label));
            if ((uint)chosen >= (uint)count)
            {
                throw new InvalidOperationException($"Schedule strategy {strategy.GetType().Name} chose option {chosen} at decision '{label}', but only 0 to {count - 1} exist.");
            }
        }

        Observer?.OnDecision(_stepCount, label, count, chosen);
        return chosen;
    }

    /// <summary>Takes the next task number (tasks started eagerly take theirs late, see <see cref="LoopTask.Id"/>).</summary>
    internal int AllocateTaskId() => ++_nextTaskId;

    /// <summary>Registers a task whose body already runs (an eager task that blocked): no start step is queued.</summary>
    internal void RegisterStarted(LoopTask task) => _liveTasks.Add(task);

    internal bool IsRunnable(LoopTask task) => task.Loop == this && !task.IsCompleted && task.ReadyRefs > 0;

    internal bool IsBlocked(LoopTask task) => !task.IsCompleted && task.ReadyRefs == 0 && !IsCurrent(task);

    internal HashSet<LoopTask> TasksWhere(Func<LoopTask, bool> predicate)
    {
        var set = new HashSet<LoopTask>();
        foreach (LoopTask task in SortedById(_liveTasks))
        {
            if (predicate(task))
            {
                set.Add(task);
            }
        }

        return set;
    }
}
