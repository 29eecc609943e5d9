namespace Asynkit.Testing;

/// <summary>The task identity of <see cref="Coro.Eager(Func{Task}, string?)"/>: runs its body at once, inside the current
/// step, and joins the loop's tasks only if the body blocks.</summary>
/// <remarks>
/// While the synchronous part runs this task is <see cref="AsynkitLoop.CurrentTask"/> and its own SynchronizationContext is
/// current, so every continuation the body leaves behind is this task's ready item. A body that completes synchronously never
/// takes a task number and never appears in <see cref="AsynkitLoop.AllTasks"/>. The task's result is the body's own Task: no
/// promise is allocated on the fast path.
/// </remarks>
internal sealed class EagerTask : LoopTask
{
    private static readonly Action<EagerTask> s_runSynchronousPart = static task => task.RunSynchronousPart();

    private readonly Func<Task>? _body;
    private Task? _result;
    private TaskCompletionSource? _early;

    private EagerTask(AsynkitLoop loop, string? name, Func<Task>? body)
        : base(loop, 0, name)
    {
        _body = body;

        // The caller receives the body's Task itself and is responsible for it, as with any Task.
        MarkObserved();
    }

    /// <summary>The body's Task; a faulted Task when the body threw instead of returning one.</summary>
    internal Task Result => _result!;

    /// <summary>The exception the body threw synchronously instead of returning a Task, if it did.</summary>
    internal Exception? SynchronousException { get; private set; }

    internal override Task PromiseTask => _result ?? (_early ??= new TaskCompletionSource()).Task;

    /// <summary>Runs <paramref name="body"/> now, as a new task of <paramref name="loop"/>, up to its first suspension.</summary>
    internal static EagerTask Start(AsynkitLoop loop, Func<Task> body, string? name)
    {
        var task = new EagerTask(loop, name, body);
        loop.RunAsTask(task, s_runSynchronousPart);
        return task;
    }

    /// <summary>Runs <paramref name="body"/> now under a lightweight identity (<see cref="Coro.Eager(Func{Task}, string?)"/>'s fast
    /// path): a body that finishes synchronously allocates no LoopTask at all; one that blocks becomes a task of the loop.</summary>
    /// <returns>The body's Task (a faulted one if the body threw instead of returning one).</returns>
    internal static Task StartLean(AsynkitLoop loop, Func<Task> body, string? name, out Exception? synchronousException)
    {
        var identity = new Identity(loop, name);
        Task inner = loop.RunInLazyIdentity(identity, body, out synchronousException);
        if (inner.IsCompleted && identity.CreatedTask is null)
        {
            return inner;
        }

        // Continue under the task's own context, so that the body's completion (inside one of its steps) is observed inline.
        var task = (EagerTask)identity.Task;
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(task.Context);
        try
        {
            task.Continue(inner);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        return inner;
    }

    private protected override Task InvokeBody() => _body!();

    private protected override void SetResultCore(Task inner) => _early?.TrySetResult();

    private protected override void SetCanceledCore(CancellationToken token) => _early?.TrySetCanceled(token);

    private protected override void SetFaultedCore(IEnumerable<Exception> exceptions) => _early?.TrySetException(exceptions);

    private void RunSynchronousPart()
    {
        Task inner;
        try
        {
            inner = _body!() ?? throw new InvalidOperationException("Coro.Eager: the coroutine returned a null Task.");
        }
        catch (Exception ex)
        {
            SynchronousException = ex;
            inner = Task.FromException(ex);
        }

        Continue(inner);
    }

    /// <summary>The synchronous part returned <paramref name="inner"/>: finish, or join the loop's tasks if it blocked.</summary>
    private void Continue(Task inner)
    {
        _result = inner;
        if (inner.IsCompleted)
        {
            // Finished (State is derived from the result): never a task of the loop, so nothing to unregister.
            if (_early is not null)
            {
                Adopt(inner);
            }

            return;
        }

        // It blocked: from now on it is an ordinary task of the loop, already started.
        Loop.RegisterStarted(this);
        Adopt(inner);
    }

    /// <summary>The lazy identity of <see cref="StartLean"/>: creates the EagerTask only when something needs it.</summary>
    private sealed class Identity(AsynkitLoop loop, string? name) : LazyTaskContext(loop)
    {
        protected override LoopTask CreateTask() => new EagerTask(Loop, name, null);
    }
}
