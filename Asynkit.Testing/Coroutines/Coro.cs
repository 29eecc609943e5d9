namespace Asynkit.Testing;

/// <summary>asynkit's coroutine tools: eager start (eager, coro_eager, func_eager), coro_iter, await_sync and aiter_sync.</summary>
/// <remarks>In C# calling an async method already runs it up to its first await in the caller; what <see cref="Eager(Func{Task}, string?)"/>
/// adds is a new task identity, so that the part after the first await is a task of its own, scheduled by the loop.</remarks>
public static partial class Coro
{
    /// <summary>Starts <paramref name="coroutine"/> now, in a new task identity, and returns when it first suspends, returns or throws
    /// (asynkit's eager / coro_eager).</summary>
    /// <param name="coroutine">The async method to start.</param>
    /// <param name="name">The name of the task created if the coroutine blocks; null for "Task-{Id}".</param>
    /// <returns>The coroutine's Task: already completed (no task created) if it finished synchronously, otherwise the Task of the new
    /// loop task that continues it. An exception thrown before the first suspension is on this Task.</returns>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public static Task Eager(Func<Task> coroutine, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        return EagerTask.StartLean(coroutine, name, out _);
    }

    /// <summary>Starts <paramref name="coroutine"/> now, in a new task identity, and returns when it first suspends, returns or throws.</summary>
    /// <returns>The coroutine's Task: completed if it finished synchronously, otherwise the Task of the new loop task that continues it.</returns>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public static Task<T> Eager<T>(Func<Task<T>> coroutine, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        Task task = EagerTask.StartLean(coroutine, name, out Exception? error);
        return error is not null ? Task.FromException<T>(error) : (Task<T>)task;
    }

    /// <summary>Starts <paramref name="coroutine"/> now and, only if it blocks, calls <paramref name="createTask"/> once to continue it in
    /// a task of the factory's making (asynkit's coro_eager(create_task=...)).</summary>
    /// <param name="coroutine">The async method to start.</param>
    /// <param name="createTask">Receives the continuation (<see cref="CoroStart.AsCoroutine"/>) and returns the Task that runs it, e.g.
    /// <c>c =&gt; loop.CreateTask(c, "worker").Task</c>; the continuation runs in whichever task calls it.</param>
    /// <returns>A completed Task if the coroutine finished synchronously (the factory is not called), else the factory's Task.</returns>
    public static Task Eager(Func<Task> coroutine, Func<Func<Task>, Task> createTask)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        ArgumentNullException.ThrowIfNull(createTask);
        AsynkitLoop loop = RequireLoop(nameof(Eager));
        var start = new CoroStart(coroutine, autoStart: false);
        StartInNewIdentity(loop, start.Core);
        return start.IsDone
            ? start.AsFuture()
            : createTask(start.AsCoroutine) ?? throw new InvalidOperationException("Coro.Eager: the createTask factory returned a null Task.");
    }

    /// <summary>Starts <paramref name="coroutine"/> now and, only if it blocks, calls <paramref name="createTask"/> once to continue it.</summary>
    /// <returns>A completed Task if the coroutine finished synchronously (the factory is not called), else the factory's Task.</returns>
    public static Task<T> Eager<T>(Func<Task<T>> coroutine, Func<Func<Task<T>>, Task<T>> createTask)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        ArgumentNullException.ThrowIfNull(createTask);
        AsynkitLoop loop = RequireLoop(nameof(Eager));
        var start = new CoroStart<T>(coroutine, autoStart: false);
        StartInNewIdentity(loop, start.Core);
        return start.IsDone
            ? start.AsFuture()
            : createTask(start.AsCoroutine) ?? throw new InvalidOperationException("Coro.Eager: the createTask factory returned a null Task.");
    }

    /// <summary>Awaits <paramref name="coroutine"/> started in <paramref name="context"/> (asynkit's coro_await): its AsyncLocal changes
    /// stay in the coroutine, and its continuation runs in the calling task.</summary>
    public static Task<T> Await<T>(Func<Task<T>> coroutine, ExecutionContext? context = null) => new CoroStart<T>(coroutine, context).AsCoroutine();

    /// <summary>Awaits <paramref name="coroutine"/> started in <paramref name="context"/> (asynkit's coro_await).</summary>
    public static Task Await(Func<Task> coroutine, ExecutionContext? context = null) => new CoroStart(coroutine, context).AsCoroutine();

    /// <summary>Wraps an async method so that every call starts it eagerly (asynkit's func_eager / the @eager decorator).</summary>
    public static Func<Task> FuncEager(Func<Task> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return () => Eager(function);
    }

    /// <summary>Wraps an async method returning a value so that every call starts it eagerly.</summary>
    public static Func<Task<T>> FuncEager<T>(Func<Task<T>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return () => Eager(function);
    }

    /// <summary>Wraps an async method of one argument so that every call starts it eagerly.</summary>
    public static Func<TArg, Task> FuncEager<TArg>(Func<TArg, Task> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return arg => Eager(() => function(arg));
    }

    /// <summary>Wraps an async method of one argument returning a value so that every call starts it eagerly.</summary>
    public static Func<TArg, Task<T>> FuncEager<TArg, T>(Func<TArg, Task<T>> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return arg => Eager(() => function(arg));
    }

    /// <summary>An object that can be awaited any number of times, each await running a fresh coroutine from
    /// <paramref name="factory"/> (asynkit's coro_iter / awaitmethod).</summary>
    public static CoroAwaitable Iter(Func<Task> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new CoroAwaitable(factory);
    }

    /// <summary>An object that can be awaited any number of times, each await running a fresh coroutine and giving its result.</summary>
    public static CoroAwaitable<T> Iter<T>(Func<Task<T>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new CoroAwaitable<T>(factory);
    }

    /// <summary>Where the async method behind <paramref name="task"/> waits: the innermost awaiting method and, when PDBs are
    /// present, file:line (asynkit's coro_get_frame); null when the task is completed or is not an async method's.</summary>
    public static string? SuspendedAt(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompleted ? null : AsyncStackInspector.DescribeSuspension(task);
    }

    internal static AsynkitLoop RequireLoop(string member) => AsynkitLoop.Require($"Coro.{member}");

    /// <summary>Runs a CoroStart's start phase with a fresh task identity current; the identity never joins the loop's tasks, since
    /// the continuation is held by the CoroStart and runs in the task the factory makes.</summary>
    private static void StartInNewIdentity(AsynkitLoop loop, CoroStartCore start) =>
        EagerTask.Start(loop, () =>
        {
            start.Start(null);
            return Task.CompletedTask;
        }, null);
}
