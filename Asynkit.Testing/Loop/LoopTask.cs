namespace Asynkit.Testing;

/// <summary>A task the loop runs: its own identity (a SynchronizationContext), a name, a state, and an awaitable result.</summary>
/// <remarks>
/// Created lazily by <see cref="AsynkitLoop.CreateTask(Func{Task}, string?)"/>: the body starts at the task's first step,
/// as with asyncio.create_task. Await the LoopTask itself (from a loop task: an interruptible, loop-owned wait, see
/// <see cref="GetAwaiter"/>) or its <see cref="Task"/> (a plain Task await, for Task.WhenAll and friends).
/// </remarks>
public class LoopTask
{
    private readonly Func<Task>? _body;
    private readonly Func<CancellationToken, Task>? _tokenBody;
    private readonly TaskCompletionSource? _promise;
    private CancellationTokenSource? _cancellation;
    private Task? _inner;
    private Action? _onInnerCompleted;
    private bool _observed;
    private bool _started;
    private int _id;
    private string? _name;

    internal LoopTask(AsynkitLoop loop, int id, string? name, Func<Task>? body, Func<CancellationToken, Task>? tokenBody)
        : this(loop, id, name)
    {
        _body = body;
        _tokenBody = tokenBody;
        _promise = new TaskCompletionSource();
    }

    private protected LoopTask(AsynkitLoop loop, int id, string? name)
    {
        Loop = loop;
        _id = id;
        _name = name;
        Context = new LoopSynchronizationContext(loop, this);
    }

    /// <summary>A number unique within the loop, in creation order from 1.</summary>
    /// <remarks>A task started eagerly (Coro.Eager) gets its number when it first blocks or is first looked at.</remarks>
    public int Id => _id != 0 ? _id : _id = Loop.AllocateTaskId();

    /// <summary>The task's name: the one given, or "Task-{Id}" (the main task is "main").</summary>
    public string Name => _name ??= $"Task-{Id}";

    /// <summary>The task's result; completes when the body completes, with its outcome. Awaiting it is a plain Task await, which
    /// <see cref="Scheduling.TaskThrow"/> cannot interrupt; await the LoopTask itself for that.</summary>
    public Task Task
    {
        get
        {
            _observed = true;
            return PromiseTask;
        }
    }

    /// <summary>True when the task has finished (ran to completion, faulted or was cancelled).</summary>
    public bool IsCompleted => PromiseTask.IsCompleted;

    /// <summary>The task's life-cycle state.</summary>
    /// <remarks>Derived, not stored, so that the loop's step path writes nothing for it.</remarks>
    public LoopTaskState State =>
        PromiseTask.IsCompleted ? LoopTaskState.Finished
        : Loop.IsCurrent(this) ? LoopTaskState.Running
        : _started ? LoopTaskState.Suspended
        : LoopTaskState.New;

    /// <summary>Where the task waits: the innermost async method and, when PDBs are present, file:line; null when not suspended.</summary>
    public string? SuspendedAt => State == LoopTaskState.Suspended && _inner is not null ? AsyncStackInspector.DescribeSuspension(_inner) : null;

    /// <summary>A token that is cancelled by <see cref="Cancel"/>; <see cref="Scheduling.Sleep"/> observes it.</summary>
    public CancellationToken CancellationToken => (_cancellation ??= new CancellationTokenSource()).Token;

    /// <summary>True once <see cref="Cancel"/> has been called on an unfinished task.</summary>
    public bool IsCancellationRequested => _cancellation?.IsCancellationRequested ?? false;

    // Priority scheduling (TaskPriority, LoopOptions.PriorityScheduling, PriorityLock's inheritance): kept together in this block.

    /// <summary>The task's own priority: lower runs first under <see cref="LoopOptions.PriorityScheduling"/>; <see cref="TaskPriority.Normal"/> by default.</summary>
    /// <remarks>Can be changed at any time on the loop's thread; a queued task moves to the back of its new priority level.</remarks>
    public int Priority
    {
        get => _priority;
        set
        {
            Loop.EnsureLoopThread("LoopTask.Priority");
            _priority = value;
            UpdateEffectivePriority();
        }
    }

    /// <summary>The priority the task runs at: the better (lower) of <see cref="Priority"/> and that of the best task waiting
    /// for a <see cref="PriorityLock"/> it holds (transitively).</summary>
    public int EffectivePriority { get; internal set; }

    private int _priority;
    private ExtensionSlots _extensions;

    /// <summary>The state features above the loop keep for this task (see <see cref="ExtensionSlots"/>).</summary>
    internal ref ExtensionSlots Extensions => ref _extensions;

    /// <summary>Recomputes <see cref="EffectivePriority"/>: the best of <see cref="Priority"/> and what the task's
    /// <see cref="TaskExtension"/>s lend it; when it changed, re-queues the task's ready items and tells the extensions.</summary>
    /// <param name="depth">How far a chain of such updates has come (priority inheritance through locks passes it on).</param>
    internal void UpdateEffectivePriority(int depth = 0)
    {
        int best = _priority;
        foreach (object value in _extensions.Values)
        {
            if (value is TaskExtension { LentPriority: int lent } && lent < best)
            {
                best = lent;
            }
        }

        int previous = EffectivePriority;
        if (best == previous)
        {
            return;
        }

        EffectivePriority = best;
        Loop.OnEffectivePriorityChanged(this, previous);
        foreach (object value in _extensions.Values)
        {
            (value as TaskExtension)?.OnEffectivePriorityChanged(this, depth);
        }
    }

    internal AsynkitLoop Loop { get; }

    internal LoopSynchronizationContext Context { get; }

    /// <summary>How many entries this task has in the ready queue.</summary>
    internal int ReadyRefs { get; set; }

    internal bool IsObserved => _observed;

    /// <summary>The body's delegate, for messages (null for a task whose body was adopted, such as an eager coroutine's).</summary>
    internal Delegate? Body => (Delegate?)_body ?? _tokenBody;

    /// <summary>The body's own Task once started (it keeps the original OperationCanceledException of a cancelled body).</summary>
    internal Task? Inner => _inner;

    internal virtual Task PromiseTask => _promise!.Task;

    /// <summary>Requests cancellation: signals <see cref="CancellationToken"/> (and so the token of a body that takes one) and wakes
    /// loop-owned waits such as <see cref="Scheduling.Sleep"/> with an <see cref="OperationCanceledException"/>.</summary>
    /// <remarks>A task cancelled before its first step never runs its body. Cancelling a finished task does nothing.</remarks>
    public void Cancel()
    {
        if (IsCompleted)
        {
            return;
        }

        (_cancellation ??= new CancellationTokenSource()).Cancel();
    }

    /// <summary>Awaits the task's completion; from a loop task's own step the await is interruptible (<see cref="Scheduling.TaskThrow"/>,
    /// <see cref="Scheduling.TaskInterrupt"/>, <see cref="Scheduling.TaskTimeout"/>), unlike an await of <see cref="Task"/>.</summary>
    public LoopTaskAwaiter GetAwaiter()
    {
        _observed = true;
        return new LoopTaskAwaiter(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"LoopTask #{Id} '{Name}' ({State})";

    /// <inheritdoc />
    public override int GetHashCode() => Id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    internal void MarkObserved() => _observed = true;

    /// <summary>Runs the body's first step; called as the task's first ready item.</summary>
    internal void Start()
    {
        _started = true;
        if (IsCancellationRequested)
        {
            SetCanceled(CancellationToken);
            return;
        }

        Task inner;
        try
        {
            inner = InvokeBody() ?? throw new InvalidOperationException($"The body of task '{Name}' returned a null Task.");
        }
        catch (Exception ex)
        {
            SetFaulted(ex);
            return;
        }

        Adopt(inner);
    }

    /// <summary>Makes <paramref name="inner"/>, a body already started, this task's body: the task completes when it does.</summary>
    /// <remarks>Call it with this task's context current, so that completion inside one of its steps is observed inline.</remarks>
    internal void Adopt(Task inner)
    {
        _started = true;
        _inner = inner;
        if (inner.IsCompleted)
        {
            CompleteFrom(inner);
            return;
        }

        // Runs inline when the body completes inside one of this task's steps (same SynchronizationContext).
        _onInnerCompleted = () => CompleteFrom(_inner!);
        inner.GetAwaiter().UnsafeOnCompleted(_onInnerCompleted);
    }

    private protected virtual Task InvokeBody() => _body is not null ? _body() : _tokenBody!(CancellationToken);

    private protected virtual void SetResultCore(Task inner) => _promise!.TrySetResult();

    private protected virtual void SetCanceledCore(CancellationToken token) => _promise!.TrySetCanceled(token);

    private protected virtual void SetFaultedCore(IEnumerable<Exception> exceptions) => _promise!.TrySetException(exceptions);

    private void CompleteFrom(Task inner)
    {
        switch (inner.Status)
        {
            case TaskStatus.RanToCompletion:
                SetResultCore(inner);
                break;
            case TaskStatus.Canceled:
                SetCanceledCore(CanceledToken(inner));
                break;
            default:
                SetFaultedCore(inner.Exception!.InnerExceptions);
                break;
        }

        Loop.OnTaskFinished(this);
    }

    /// <summary>The token a cancelled Task was cancelled with (default when it carries none).</summary>
    internal static CancellationToken CanceledToken(Task inner)
    {
        try
        {
            inner.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException oce)
        {
            return oce.CancellationToken;
        }

        return default;
    }

    private void SetCanceled(CancellationToken token)
    {
        SetCanceledCore(token);
        Loop.OnTaskFinished(this);
    }

    private void SetFaulted(Exception error)
    {
        SetFaultedCore([error]);
        Loop.OnTaskFinished(this);
    }

    // Interruption hooks (Scheduling.TaskThrow / TaskInterrupt / TaskTimeout, see LoopWait); nothing on the step path reads them.

    /// <summary>The loop-owned waits this task has begun and that are not settled yet (null until it makes one).</summary>
    internal List<LoopWait>? Waits { get; set; }

    /// <summary>An interrupt to raise at this task's next loop-owned wait (a timeout that found it at an await it cannot interrupt).</summary>
    internal Exception? PendingInterrupt { get; set; }

    /// <summary>Fails a task whose body has not started, without starting it (an interrupt that reached it before its first step).</summary>
    internal void FailUnstarted(Exception exception)
    {
        _started = true;
        SetFaulted(exception);
    }
}
