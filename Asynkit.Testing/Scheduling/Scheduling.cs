namespace Asynkit.Testing;

/// <summary>asynkit's scheduling functions (sleep_insert, task_switch, runnable_tasks, ...) over the current loop.</summary>
/// <remarks>Every member must be called on a running <see cref="AsynkitLoop"/>; elsewhere it throws InvalidOperationException.</remarks>
public static partial class Scheduling
{
    /// <summary>Suspends the current task for <paramref name="delay"/> of virtual time; zero is asyncio.sleep(0) (like Task.Yield:
    /// the task goes to the end of the ready queue). <see cref="Timeout.InfiniteTimeSpan"/> sleeps until the task is cancelled.</summary>
    /// <exception cref="OperationCanceledException">The task was cancelled (the returned task is cancelled).</exception>
    public static Task Sleep(TimeSpan delay)
    {
        AsynkitLoop loop = RequireLoop(nameof(Sleep));
        if (delay < TimeSpan.Zero && delay != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, "Sleep: delay must be non-negative, or Timeout.InfiniteTimeSpan.");
        }

        LoopTask? task = loop.CurrentTask;
        if (task is { IsCancellationRequested: true })
        {
            return Task.FromCanceled(task.CancellationToken);
        }

        if (WaitOwner(loop) is { } owner)
        {
            // A loop-owned wait, so that TaskThrow / TaskInterrupt / TaskTimeout can wake it early.
            return delay == TimeSpan.Zero ? AfterStepWait.Start(loop, owner, null) : SleepWait.Start(loop, owner, delay);
        }

        if (delay == TimeSpan.Zero)
        {
            var promise = new TaskCompletionSource();
            loop.CompleteAfterStep(promise, null);
            return promise.Task;
        }

        return new SleepPromise(loop, delay, task).Task;
    }

    /// <summary>Suspends the current task and puts it at <paramref name="position"/> of the ready queue (list.insert semantics),
    /// so it resumes after that many items have run (asynkit's sleep_insert).</summary>
    public static Task SleepInsert(int position)
    {
        AsynkitLoop loop = RequireLoop(nameof(SleepInsert));
        if (WaitOwner(loop) is { } task)
        {
            return AfterStepWait.Start(loop, task, position);
        }

        var promise = new TaskCompletionSource();
        loop.CompleteAfterStep(promise, position);
        return promise.Task;
    }

    /// <summary>Moves a runnable task's ready item to <paramref name="position"/> of the queue (list.insert semantics).</summary>
    /// <exception cref="InvalidOperationException">The task is not scheduled (blocked, finished, or the current task).</exception>
    public static void TaskReinsert(LoopTask task, int position)
    {
        AsynkitLoop loop = RequireLoop(nameof(TaskReinsert));
        int index = IndexOfScheduled(loop, task, nameof(TaskReinsert));
        loop.Move(index, position);
    }

    /// <summary>Moves <paramref name="task"/> to the head of the ready queue and switches to it. The current task goes to the end
    /// of the queue, or to <paramref name="insertPosition"/> (1: right after the target; 0: before it).</summary>
    /// <exception cref="InvalidOperationException">The target is not runnable.</exception>
    public static Task TaskSwitch(LoopTask task, int? insertPosition = null)
    {
        AsynkitLoop loop = RequireLoop(nameof(TaskSwitch));
        int index = IndexOfScheduled(loop, task, nameof(TaskSwitch));
        loop.Move(index, 0);
        if (WaitOwner(loop) is { } current)
        {
            return AfterStepWait.Start(loop, current, insertPosition);
        }

        var promise = new TaskCompletionSource();
        loop.CompleteAfterStep(promise, insertPosition);
        return promise.Task;
    }

    /// <summary>True when the task waits for something and has no item in the ready queue.</summary>
    public static bool TaskIsBlocked(LoopTask task) => RequireLoop(nameof(TaskIsBlocked)).IsBlocked(Own(task, nameof(TaskIsBlocked)));

    /// <summary>True when the task is not finished and has an item in the ready queue.</summary>
    public static bool TaskIsRunnable(LoopTask task) => RequireLoop(nameof(TaskIsRunnable)).IsRunnable(Own(task, nameof(TaskIsRunnable)));

    /// <summary>Creates a task and switches to it at once; the caller resumes right after the new task first suspends (depth-first).</summary>
    /// <returns>The new task, once the caller resumes.</returns>
    public static Task<LoopTask> CreateTaskDescend(Func<Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        AsynkitLoop loop = RequireLoop(nameof(CreateTaskDescend));
        LoopTask task = loop.CreateTask(body, name);
        return Descend(task);

        static async Task<LoopTask> Descend(LoopTask task)
        {
            await TaskSwitch(task, 1);
            return task;
        }
    }

    /// <summary>Creates a task whose body returns a value and switches to it at once (depth-first), as
    /// <see cref="CreateTaskDescend(Func{Task}, string?)"/>.</summary>
    public static Task<LoopTask<T>> CreateTaskDescend<T>(Func<Task<T>> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        AsynkitLoop loop = RequireLoop(nameof(CreateTaskDescend));
        LoopTask<T> task = loop.CreateTask(body, name);
        return Descend(task);

        static async Task<LoopTask<T>> Descend(LoopTask<T> task)
        {
            await TaskSwitch(task, 1);
            return task;
        }
    }

    /// <summary>Creates a task and yields for one round of the loop, so the new task starts before the caller resumes.</summary>
    /// <returns>The new task, once the caller resumes.</returns>
    public static Task<LoopTask> CreateTaskStart(Func<Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        AsynkitLoop loop = RequireLoop(nameof(CreateTaskStart));
        LoopTask task = loop.CreateTask(body, name);
        return Start(task);

        static async Task<LoopTask> Start(LoopTask task)
        {
            await Sleep(TimeSpan.Zero);
            return task;
        }
    }

    /// <summary>Creates a task whose body returns a value and yields for one round of the loop, as
    /// <see cref="CreateTaskStart(Func{Task}, string?)"/>.</summary>
    public static Task<LoopTask<T>> CreateTaskStart<T>(Func<Task<T>> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        AsynkitLoop loop = RequireLoop(nameof(CreateTaskStart));
        LoopTask<T> task = loop.CreateTask(body, name);
        return Start(task);

        static async Task<LoopTask<T>> Start(LoopTask<T> task)
        {
            await Sleep(TimeSpan.Zero);
            return task;
        }
    }

    /// <summary>The tasks that have an item in the ready queue.</summary>
    public static IReadOnlySet<LoopTask> RunnableTasks()
    {
        AsynkitLoop loop = RequireLoop(nameof(RunnableTasks));
        return loop.TasksWhere(loop.IsRunnable);
    }

    /// <summary>The unfinished tasks that are neither runnable nor current.</summary>
    public static IReadOnlySet<LoopTask> BlockedTasks()
    {
        AsynkitLoop loop = RequireLoop(nameof(BlockedTasks));
        return loop.TasksWhere(loop.IsBlocked);
    }

    internal static AsynkitLoop RequireLoop(string member) => AsynkitLoop.Require($"Scheduling.{member}");

    private static LoopTask Own(LoopTask task, string member)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Loop != AsynkitLoop.Current)
        {
            throw new ArgumentException($"Scheduling.{member}: task '{task.Name}' belongs to another AsynkitLoop.", nameof(task));
        }

        return task;
    }

    private static int IndexOfScheduled(AsynkitLoop loop, LoopTask task, string member)
    {
        Own(task, member);
        int index = loop.IndexOf(task);
        if (index < 0)
        {
            string why = task.IsCompleted ? "it has finished"
                : task == loop.CurrentTask ? "it is the current task"
                : "it is blocked (no item in the ready queue)";
            throw new InvalidOperationException($"Scheduling.{member}: task '{task.Name}' (#{task.Id}) is not scheduled: {why}.");
        }

        return index;
    }

    /// <summary>A virtual-time sleep that the sleeping task's cancellation wakes with OperationCanceledException.</summary>
    private sealed class SleepPromise : TaskCompletionSource
    {
        private readonly ITimer? _timer;
        private readonly CancellationTokenRegistration _registration;

        internal SleepPromise(AsynkitLoop loop, TimeSpan delay, LoopTask? task)
        {
            if (delay != Timeout.InfiniteTimeSpan)
            {
                _timer = loop.Clock.CreateTimer(static s => ((SleepPromise)s!).Elapse(), this, delay, Timeout.InfiniteTimeSpan);
            }

            if (task is not null)
            {
                _registration = task.CancellationToken.UnsafeRegister(static (s, token) => ((SleepPromise)s!).Cancel(token), this);
            }
        }

        private void Elapse()
        {
            _registration.Dispose();
            TrySetResult();
        }

        private void Cancel(CancellationToken token)
        {
            _timer?.Dispose();
            TrySetCanceled(token);
        }
    }
}
