namespace Asynkit.Testing;

public static partial class Scheduling
{
    /// <summary>Raises <paramref name="exception"/> in the blocked <paramref name="task"/> at its current await, asynchronously:
    /// the task becomes runnable at the end of the ready queue and raises it when it next runs (asynkit's task_throw).</summary>
    /// <remarks>Only awaits the loop owns can be interrupted (see docs/priority.md): <see cref="Sleep"/>,
    /// <see cref="SleepInsert"/>, <see cref="TaskSwitch"/>, an await of a <see cref="LoopTask"/> itself made in the task's own
    /// step (<c>await other</c>; <c>await other.Task</c> is a plain Task await), <see cref="Interruptible(Task)"/>, loop-owned
    /// primitives, and a task that has not started (its body then never runs). What the task waited for keeps running; only the wait ends. A second
    /// throw before the first is delivered replaces it.</remarks>
    /// <exception cref="InvalidOperationException">No running loop; the task is done, cancelled or the current task; or it waits
    /// at an await the loop does not own (the message names it).</exception>
    /// <exception cref="ArgumentException">The task belongs to another loop.</exception>
    public static void TaskThrow(LoopTask task, Exception exception)
    {
        AsynkitLoop loop = RequireLoop(nameof(TaskThrow));
        ArgumentNullException.ThrowIfNull(exception);
        Deliver(loop, Own(task, nameof(TaskThrow)), exception, nameof(TaskThrow));
    }

    /// <summary>Raises <paramref name="exception"/> in <paramref name="task"/> at its current await and switches to it at once:
    /// the task runs first, then what was already queued, then the caller (asynkit's task_interrupt). When the returned Task
    /// completes, the exception has been raised in the task and the task has run up to its next await or its end.</summary>
    /// <exception cref="InvalidOperationException">As <see cref="TaskThrow"/>, or the caller is not a loop task.</exception>
    public static Task TaskInterrupt(LoopTask task, Exception exception)
    {
        AsynkitLoop loop = RequireLoop(nameof(TaskInterrupt));
        ArgumentNullException.ThrowIfNull(exception);
        Own(task, nameof(TaskInterrupt));
        if (loop.CurrentTask is not { } current)
        {
            throw new InvalidOperationException("Scheduling.TaskInterrupt must be awaited by a loop task (it switches to the interrupted task); from a plain callback use Scheduling.TaskThrow.");
        }

        LoopWait wait = Deliver(loop, task, exception, nameof(TaskInterrupt));
        int index = Interrupts.IndexOfWake(loop, wait);
        if (index >= 0)
        {
            loop.Move(index, 0);
        }

        return WaitOwner(loop) is not null ? AfterStepWait.Start(loop, current, null) : TaskSwitchAfterInterrupt(loop);
    }

    /// <summary>Starts a virtual-time timeout for the current task: if <paramref name="duration"/> passes while the task is still
    /// inside the scope, the task is interrupted with a <see cref="TaskTimeoutException"/> of this scope (asynkit's task_timeout).
    /// Use it with <c>using</c>; disposing the scope cancels the timer.</summary>
    /// <remarks>Scopes nest: each raises its own exception (<see cref="TaskTimeoutException.Scope"/>), and when an outer deadline
    /// comes first (or at the same time) the outer one wins. At the deadline <see cref="TaskTimeoutScope.Token"/> is cancelled
    /// too, for awaits that cannot be interrupted (an <c>await worker</c> of a LoopTask can: it raises there); if the task is at such an await, the exception is raised at its next
    /// interruptible await inside the scope instead.</remarks>
    /// <param name="duration">Non-negative; <see cref="Timeout.InfiniteTimeSpan"/> for no deadline (asynkit's None).</param>
    /// <exception cref="InvalidOperationException">No running loop, or not called from a loop task.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative (and not infinite) or beyond the clock's range.</exception>
    public static TaskTimeoutScope TaskTimeout(TimeSpan duration)
    {
        AsynkitLoop loop = RequireLoop(nameof(TaskTimeout));
        if (duration < TimeSpan.Zero && duration != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "Scheduling.TaskTimeout: duration must be non-negative, or Timeout.InfiniteTimeSpan for no deadline.");
        }

        if (duration != Timeout.InfiniteTimeSpan && duration.Ticks > TimeSpan.MaxValue.Ticks - loop.Clock.Elapsed.Ticks)
        {
            throw new ArgumentOutOfRangeException(nameof(duration), duration, $"Scheduling.TaskTimeout: duration would put the deadline beyond the virtual clock's range (now +{loop.Clock.Elapsed}); use Timeout.InfiniteTimeSpan for no deadline.");
        }

        if (loop.CurrentTask is not { } task)
        {
            throw new InvalidOperationException("Scheduling.TaskTimeout must be called by a loop task (the scope interrupts the task that opens it), not by a plain callback.");
        }

        return new TaskTimeoutScope(loop, task, duration);
    }

    /// <summary>Awaits <paramref name="task"/> through a wait the loop owns, so that <see cref="TaskThrow"/>,
    /// <see cref="TaskInterrupt"/> and <see cref="TaskTimeout"/> can interrupt it; <paramref name="task"/> keeps running.</summary>
    /// <remarks>Ends as <paramref name="task"/> ends (same result, exception or cancellation). Use it for any await the loop does
    /// not own: a LoopTask's Task (awaiting the LoopTask itself needs no wrapper), Task.WhenAll/WhenAny, a TaskCompletionSource's Task, SemaphoreSlim.WaitAsync, a channel read.</remarks>
    public static Task Interruptible(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        AsynkitLoop loop = RequireLoop(nameof(Interruptible));
        return WaitOwner(loop) is { } current ? InterruptibleWait<object?>.Start(loop, current, task) : task;
    }

    /// <summary>Awaits <paramref name="task"/> through a wait the loop owns, as <see cref="Interruptible(Task)"/>, and returns its result.</summary>
    public static Task<T> Interruptible<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        AsynkitLoop loop = RequireLoop(nameof(Interruptible));
        return WaitOwner(loop) is { } current ? InterruptibleWait<T>.Start(loop, current, task) : task;
    }

    /// <summary>The current task, when a loop-owned wait can be made for it: its own SynchronizationContext is current, so the
    /// await's continuation runs inline in the wait's wake step. Inside a coroutine driven through another context (monitors,
    /// CoroStart) that would add a hop and change the order, so those awaits keep the plain, non-interruptible promise.</summary>
    private static LoopTask? WaitOwner(AsynkitLoop loop) =>
        SynchronizationContext.Current is LoopSynchronizationContext { Owner: { } task } && task.Loop == loop && loop.IsCurrent(task) ? task : null;

    private static Task TaskSwitchAfterInterrupt(AsynkitLoop loop)
    {
        var promise = new TaskCompletionSource();
        loop.CompleteAfterStep(promise, null);
        return promise.Task;
    }

    private static LoopWait Deliver(AsynkitLoop loop, LoopTask task, Exception exception, string member)
    {
        Interrupts.Validate(loop, task, member);
        LoopWait wait = Interrupts.Find(loop, task, member, out string? whyNot) ?? throw new InvalidOperationException(whyNot);
        wait.Interrupt(exception);
        return wait;
    }
}
