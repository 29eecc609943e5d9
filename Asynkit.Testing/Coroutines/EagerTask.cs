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

    private readonly Func<Task> _body;
    private Task? _result;
    private TaskCompletionSource? _early;

    private EagerTask(AsynkitLoop loop, string? name, Func<Task> body)
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

    private protected override Task InvokeBody() => _body();

    private protected override void SetResultCore(Task inner) => _early?.TrySetResult();

    private protected override void SetCanceledCore(CancellationToken token) => _early?.TrySetCanceled(token);

    private protected override void SetFaultedCore(IEnumerable<Exception> exceptions) => _early?.TrySetException(exceptions);

    private void RunSynchronousPart()
    {
        Task inner;
        try
        {
            inner = _body() ?? throw new InvalidOperationException("Coro.Eager: the coroutine returned a null Task.");
        }
        catch (Exception ex)
        {
            SynchronousException = ex;
            inner = Task.FromException(ex);
        }

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
}
