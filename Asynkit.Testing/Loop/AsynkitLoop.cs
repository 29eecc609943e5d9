using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Asynkit.Testing;

/// <summary>A single-threaded event loop with asyncio's semantics, virtual time and a scriptable ready queue.</summary>
/// <remarks>
/// <para><see cref="Run(Func{Task}, LoopOptions?)"/> runs an async method and everything it starts on the calling thread,
/// one step at a time. Every <see cref="LoopTask"/> has its own SynchronizationContext, so each continuation comes back
/// to the loop as a ready item owned by its task; <see cref="Scheduling"/> reorders those items.</para>
/// <para>Time is virtual (<see cref="Clock"/>): it stands still while work is ready and jumps to the next timer when the
/// queue is empty. Runs never hang: step, virtual-time and wall-clock budgets turn runaways into failures.</para>
/// </remarks>
public sealed partial class AsynkitLoop : IDisposable
{
    [ThreadStatic]
    private static AsynkitLoop? t_current;

    private static readonly SendOrPostCallback s_startTask = static state => ((LoopTask)state!).Start();
    private static readonly SendOrPostCallback s_invokeAction = static state => ((Action)state!)();

    private readonly LoopOptions _options;
    private readonly ReadyQueue _ready;
    private readonly LoopSynchronizationContext _callbackContext;
    private readonly LoopTaskScheduler _scheduler;
    private readonly HashSet<LoopTask> _liveTasks = [];
    private readonly List<LoopTask> _faultedTasks = [];
    private readonly Stopwatch _wallClock = new();
    private LoopTask? _current;
    private LazyTaskContext? _lazyIdentity;
    private LoopTask? _main;
    private readonly long _maxSteps;
    private long _stepCount;
    private int _batchRemaining;
    private int _nextTaskId;
    private int _threadId = -1;
    private volatile bool _running;
    private bool _failed;
    private bool _disposed;
    private ExceptionDispatchInfo? _failure;
    private ExtensionSlots _extensions;

    /// <summary>Creates a loop; it runs when <see cref="RunUntilComplete(Func{Task})"/> is called.</summary>
    /// <param name="options">Budgets, strategy and policies; null for the defaults.</param>
    public AsynkitLoop(LoopOptions? options = null)
    {
        _options = (options ?? new LoopOptions()).Validate();
        Strategy = _options.Strategy;
        _maxSteps = _options.MaxSteps == 0 ? long.MaxValue : _options.MaxSteps;
        _ready = new ReadyQueue(_options.PriorityScheduling);
        _callbackContext = new LoopSynchronizationContext(this, null);
        _scheduler = new LoopTaskScheduler(this);
        Clock = new VirtualClock(this, _options.ClockStart);
    }

    /// <summary>The loop running on this thread, or null.</summary>
    public static AsynkitLoop? Current => t_current;

    /// <summary>The loop's virtual clock; pass it wherever code takes a TimeProvider.</summary>
    public VirtualClock Clock { get; }

    /// <summary>A TaskScheduler with concurrency 1 that runs work on this loop; it is <see cref="TaskScheduler.Current"/> while the loop runs.</summary>
    public TaskScheduler TaskScheduler => _scheduler;

    /// <summary>The task whose step is running, or null when a plain callback runs or the loop is idle.</summary>
    public LoopTask? CurrentTask => _current ?? _lazyIdentity?.Task;

    /// <summary>The tasks not yet finished, in creation order.</summary>
    public IReadOnlyCollection<LoopTask> AllTasks => SortedById(_liveTasks);

    /// <summary>How many steps the loop has run.</summary>
    public long StepCount => _stepCount;

    /// <summary>The options the loop was created with.</summary>
    public LoopOptions Options => _options;

    /// <summary>False once work from another thread was let into the run (only possible with <see cref="EscapePolicy.Wait"/>).</summary>
    public bool IsDeterministic { get; private set; } = true;

    /// <summary>The strategy consulted at choice points; null runs the head of the queue.</summary>
    internal IScheduleStrategy? Strategy { get; set; }

    /// <summary>Receives every step and decision, for traces; null when nobody listens.</summary>
    internal ILoopObserver? Observer
    {
        get => _observer;
        set
        {
            _observer = value;
            _describesSteps = value?.DescribesSteps == true;
        }
    }

    /// <summary>The state features above the loop keep for this loop (see <see cref="ExtensionSlots"/>), such as the active FaultSession.</summary>
    internal ref ExtensionSlots Extensions => ref _extensions;

    internal bool IsRunning => _running;

    internal bool IsDisposed => _disposed;

    /// <summary>True on the loop's thread, and on a thread-pool thread while it runs one of the loop's steps (a turn, see
    /// docs/foreign-work.md): code there may use the loop's objects.</summary>
    internal bool IsLoopThread => Environment.CurrentManagedThreadId == _threadId || ForeignControl.Turn?.Loop == this;

    /// <summary>The loop running on this thread, or an InvalidOperationException naming <paramref name="member"/> (and
    /// <paramref name="hint"/>, when given) for code that needs one.</summary>
    internal static AsynkitLoop Require(string member, string? hint = null) => t_current ?? throw NotRunning(member, hint);

    /// <summary>The error for <paramref name="member"/> called where no loop runs on this thread.</summary>
    internal static InvalidOperationException NotRunning(string member, string? hint = null) => new(
        $"{member} must be called on a running AsynkitLoop (inside AsynkitLoop.Run or an [AsynkitFact] test), but no loop runs on thread {Environment.CurrentManagedThreadId}{(hint is null ? "" : "; " + hint)}.");

    /// <summary>Runs <paramref name="main"/> on a new loop until it completes, as asyncio.run; its exception comes out as itself.</summary>
    public static void Run(Func<Task> main, LoopOptions? options = null)
    {
        using var loop = new AsynkitLoop(options);
        loop.RunUntilComplete(main);
    }

    /// <summary>Runs <paramref name="main"/> on a new loop until it completes and returns its result.</summary>
    public static T Run<T>(Func<Task<T>> main, LoopOptions? options = null)
    {
        using var loop = new AsynkitLoop(options);
        return loop.RunUntilComplete(main);
    }

    /// <summary>Runs <paramref name="main"/> as the task "main" until it completes, then winds down the other tasks.</summary>
    /// <exception cref="DeadlockException">No task can make progress.</exception>
    /// <exception cref="UncontrolledConcurrencyException">Work escaped the loop's thread.</exception>
    /// <exception cref="LoopBudgetExceededException">A step, virtual-time or wall-clock budget ran out.</exception>
    public void RunUntilComplete(Func<Task> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        var task = new LoopTask(this, ++_nextTaskId, "main", main, null);
        RunMain(task, capture: false);
        ThrowIfCanceledBody(task);
        task.PromiseTask.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="main"/> as the task "main" until it completes and returns its result.</summary>
    public T RunUntilComplete<T>(Func<Task<T>> main)
    {
        ArgumentNullException.ThrowIfNull(main);
        var task = new LoopTask<T>(this, ++_nextTaskId, "main", main);
        RunMain(task, capture: false);
        ThrowIfCanceledBody(task);
        return task.Task.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="main"/> as <see cref="RunUntilComplete(Func{Task})"/> does, but hands back how the run
    /// failed instead of throwing it: the same exception object, one throw fewer (the explorer runs thousands of schedules,
    /// and a throw is most of what a failing one costs). Null when main completed.</summary>
    internal Exception? RunUntilCompleteCapturing(Func<Task> main)
    {
        var task = new LoopTask(this, ++_nextTaskId, "main", main, null);
        if (RunMain(task, capture: true) is { } loopFailure)
        {
            return loopFailure;
        }

        Task promise = task.PromiseTask;
        if (promise.IsFaulted)
        {
            return promise.Exception!.InnerExceptions[0];
        }

        if (promise.IsCanceled)
        {
            try
            {
                ThrowIfCanceledBody(task);
                promise.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException canceled)
            {
                return canceled;
            }
        }

        return null;
    }

    /// <summary>Releases the loop; a running loop cannot be disposed.</summary>
    public void Dispose()
    {
        if (_running)
        {
            throw new InvalidOperationException("An AsynkitLoop cannot be disposed while it is running.");
        }

        _disposed = true;
        _ready.Clear();
        _foreignSignal?.Dispose();
        _turnSignal?.Dispose();
        _arrivalSignal?.Dispose();
    }

    /// <summary>A cancelled main rethrows its body's own OperationCanceledException (message and stack intact), not a new one.</summary>
    private static void ThrowIfCanceledBody(LoopTask main)
    {
        if (main.PromiseTask.IsCanceled && main.Inner is { IsCanceled: true } inner)
        {
            inner.GetAwaiter().GetResult();
        }
    }

    private static List<LoopTask> SortedById(IEnumerable<LoopTask> tasks)
    {
        var list = new List<LoopTask>(tasks);
        list.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return list;
    }

    /// <summary>Runs the loop until <paramref name="main"/> completes. A failure of the loop itself (deadlock, budget, escape,
    /// unobserved exception) is thrown, or, with <paramref name="capture"/>, returned; main's own outcome stays in its task.</summary>
    private Exception? RunMain(LoopTask main, bool capture)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (t_current is not null)
        {
            throw new InvalidOperationException("An AsynkitLoop is already running on this thread; loops cannot be nested.");
        }

        if (_failed)
        {
            throw new InvalidOperationException("This AsynkitLoop failed in an earlier run; create a new loop.");
        }

        main.MarkObserved();
        _main = main;
        Register(main);
        SynchronizationContext? previousContext = SynchronizationContext.Current;
        _controlsForeign = _options.ControlThreadPool && ForeignControl.EnsureStarted();
        // A new marker per run: pool work a finished run left behind still carries the old one, and is not taken for this run's.
        _marker = _controlsForeign ? new LoopMarker(this) : null;
        _idCollision = false;
        lock (_foreignLock)
        {
            _queuedIds?.Clear();
        }

        LoopMarker? previousMarker = _marker is null ? null : ForeignControl.EnterRun(_marker);
        object? poolQueue = _controlsForeign ? ThreadPoolLocals.Detach() : null;
        t_current = this;
        _threadId = Environment.CurrentManagedThreadId;
        _running = true;
        _failure = null;
        _batchRemaining = 0;
        _wallClock.Restart();
        var driver = new Task(static state => ((AsynkitLoop)state!).Drive(), this);
        try
        {
            _scheduler.ExecuteDriver(driver);
        }
        finally
        {
            _running = false;
            _current = null;
            _threadId = -1;
            t_current = null;
            SynchronizationContext.SetSynchronizationContext(previousContext);
            if (_controlsForeign)
            {
                // Each clean-up runs even when the one before it throws: the thread must get its queue and marker back.
                try
                {
                    AbandonForeignWork();
                }
                finally
                {
                    try
                    {
                        EndUncontrolled();
                    }
                    finally
                    {
                        ThreadPoolLocals.Attach(poolQueue);
                        ForeignControl.ExitRun(previousMarker);
                    }
                }
            }
        }

        if (driver.Exception is { } internalError)
        {
            _failed = true;
            ExceptionDispatchInfo.Throw(internalError.InnerException!);
        }

        if (_failure is not null)
        {
            _failed = true;
            if (capture)
            {
                return _failure.SourceException;
            }

            _failure.Throw();
        }

        return null;
    }

    private void Register(LoopTask task)
    {
        _liveTasks.Add(task);
        NoteWake(task);
        Enqueue(new ReadyEntry(s_startTask, task, task, null));
    }

    private void Enqueue(in ReadyEntry entry)
    {
        _ready.PushBack(entry);
        if (entry.Owner is { } owner)
        {
            owner.ReadyRefs++;
        }
    }
}
