namespace Asynkit.Testing;

/// <summary>A coroutine driven through an <see cref="OobMonitor"/>; it is also the SynchronizationContext its code runs under.</summary>
/// <remarks>
/// <para>Every await inside the coroutine captures this context. Its posts are forwarded to the context of whoever drives the
/// coroutine at that moment, so the coroutine always runs inside the driving task (asynkit's semantics), and its ordinary awaits
/// reach the loop as that task's ready items, untouched. When the driver changes between drives, the next continuation simply
/// goes to the new driver.</para>
/// <para>After each stretch of coroutine code (a "segment": the start, a resume, or a posted continuation) the coroutine has
/// either called OobAsync, finished, or is waiting at an ordinary await. In the first two cases the drive ends and the driver's
/// task completes right there, in the same step, as asynkit raises OOBData through the awaiting stack.</para>
/// </remarks>
internal sealed class MonitoredCoroutine : SynchronizationContext
{
    private static readonly SendOrPostCallback s_runPosted = static state => ((PostedWork)state!).Run();
    private static readonly SendOrPostCallback s_wake = static _ => { };
    private static readonly Action s_noop = static () => { };

    private readonly OobMonitor _monitor;
    private Func<Task>? _factory;
    private Task? _task;
    private TaskCompletionSource<object?>? _oobPromise;
    private object? _oobData;
    private bool _oobPending;
    private PendingDrive? _drive;
    private SynchronizationContext? _driverContext;
    private int _depth;

    internal MonitoredCoroutine(OobMonitor monitor, Func<Task> factory)
    {
        _monitor = monitor;
        _factory = factory;
    }

    internal CoroutineState State { get; private set; }

    /// <summary>Starts or resumes the coroutine inside the calling task and returns what the drive produces, mapped by <paramref name="map"/>.</summary>
    /// <param name="value">The value OobAsync returns inside the coroutine (must be null for a coroutine that has not started).</param>
    /// <param name="error">When not null, thrown inside the coroutine at its OobAsync instead (a new coroutine then never runs).</param>
    /// <param name="map">Turns the outcome into the driver's result, or throws the driver's exception.</param>
    /// <param name="member">The public member driving, for messages.</param>
    /// <param name="valueName">The name of that member's parameter that carries <paramref name="value"/>.</param>
    internal Task<TResult> Drive<TResult>(object? value, Exception? error, Func<DriveOutcome, TResult> map, string member, string valueName = "data")
    {
        if (AsynkitLoop.Current is null || SynchronizationContext.Current is not { } driverContext)
        {
            throw AsynkitLoop.NotRunning(member);
        }

        if (_monitor.IsActive)
        {
            return Task.FromException<TResult>(new InvalidOperationException(
                $"{member}: the OobMonitor cannot be re-entered: it is already driving a coroutine (a monitor drives one coroutine at a time; wait for that drive to end, or use another OobMonitor)."));
        }

        switch (State)
        {
            case CoroutineState.Finished:
                return Task.FromException<TResult>(new InvalidOperationException(
                    $"{member}: the coroutine has already finished; a finished coroutine cannot be resumed."));
            case CoroutineState.New when error is not null:
                // asynkit: throwing into a coroutine that never ran finishes it with that exception, without running it.
                State = CoroutineState.Finished;
                _factory = null;
                _task = Task.FromException(error);
                var thrown = new PendingDrive<TResult>(driverContext, map);
                thrown.Complete(DriveOutcome.Completed(_task));
                return thrown.Task;
            case CoroutineState.New when value is not null:
                return Task.FromException<TResult>(new ArgumentException(
                    $"{member}: a coroutine that has not started can only be sent null (got '{value}'); the value sent becomes the result of the OobAsync the coroutine is suspended at, and a new coroutine is not suspended anywhere yet.",
                    valueName));
        }

        var drive = new PendingDrive<TResult>(driverContext, map);
        bool starting = State == CoroutineState.New;
        _drive = drive;
        _driverContext = driverContext;
        State = CoroutineState.Running;
        _monitor.Enter(this);
        SynchronizationContext? previous = SynchronizationContext.Current;
        SetSynchronizationContext(this);
        _depth++;
        try
        {
            if (starting)
            {
                Start();
            }
            else
            {
                Resume(value, error);
            }
        }
        finally
        {
            _depth--;
            SetSynchronizationContext(previous);
        }

        AfterSegment();
        return drive.Task;
    }

    /// <summary>Marks a coroutine that never started as finished, without running it (closing a new coroutine).</summary>
    internal void CloseUnstarted()
    {
        State = CoroutineState.Finished;
        _factory = null;
        _task = Task.CompletedTask;
    }

    /// <summary>The coroutine (or a task it awaits) called OobAsync while a drive is active: suspend it there until the next drive.</summary>
    internal Task<object?> Oob(object? data)
    {
        var promise = new TaskCompletionSource<object?>();
        _oobPromise = promise;
        _oobData = data;
        _oobPending = true;
        if (_depth == 0)
        {
            // Called from outside the coroutine's own code (another task it awaits): wake the driver in a step of its own.
            Post(s_wake, null);
        }

        return promise.Task;
    }

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state) => DriverContext.Post(s_runPosted, new PostedWork(this, d, state));

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state) => DriverContext.Send(s_runPosted, new PostedWork(this, d, state));

    /// <inheritdoc />
    public override void OperationStarted() => DriverContext.OperationStarted();

    /// <inheritdoc />
    public override void OperationCompleted() => DriverContext.OperationCompleted();

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;

    /// <inheritdoc />
    public override string ToString() => $"monitored coroutine ({State}), driven from {_driverContext}";

    // The coroutine only runs during or after a drive, so there is always a driver to forward to (the latest one).
    private SynchronizationContext DriverContext => _driverContext!;

    private void Start()
    {
        Func<Task> factory = _factory!;
        _factory = null;
        Task task;
        try
        {
            task = factory() ?? throw new InvalidOperationException("The monitored coroutine's delegate returned a null Task.");
        }
        catch (Exception ex)
        {
            task = Task.FromException(ex);
        }

        _task = task;
        if (!task.IsCompleted)
        {
            // Captures this context: a completion outside the coroutine's code (say a plain TaskCompletionSource completed by
            // another task) comes back as a post, which wakes the driver.
            task.GetAwaiter().UnsafeOnCompleted(s_noop);
        }
    }

    private void Resume(object? value, Exception? error)
    {
        TaskCompletionSource<object?> promise = _oobPromise!;
        _oobPromise = null;
        if (error is null)
        {
            promise.TrySetResult(value);
        }
        else
        {
            promise.TrySetException(error);
        }
    }

    /// <summary>Ends the drive when the coroutine has finished or sent OOB data; called after every segment of coroutine code.</summary>
    private void AfterSegment()
    {
        if (_depth > 0 || _drive is not { } drive)
        {
            return;
        }

        bool finished = _task is { IsCompleted: true };
        if (!finished && !_oobPending)
        {
            return;
        }

        if (!ReferenceEquals(SynchronizationContext.Current, drive.DriverContext))
        {
            // This segment ran for an earlier driver (a continuation queued before the driver changed): end the drive in the
            // current driver's own context instead.
            Post(s_wake, null);
            return;
        }

        DriveOutcome outcome;
        if (finished)
        {
            State = CoroutineState.Finished;
            outcome = DriveOutcome.Completed(_task!);
            _oobPromise = null;
        }
        else
        {
            State = CoroutineState.Suspended;
            outcome = DriveOutcome.Oob(_oobData);
        }

        _oobPending = false;
        _oobData = null;
        _drive = null;
        _monitor.Exit(this);
        drive.Complete(outcome);
    }

    /// <summary>A continuation of the coroutine, posted to its driver: it runs under the coroutine's context, as a segment.</summary>
    private sealed class PostedWork(MonitoredCoroutine coroutine, SendOrPostCallback callback, object? state)
    {
        public void Run()
        {
            SynchronizationContext? previous = Current;
            SetSynchronizationContext(coroutine);
            coroutine._depth++;
            try
            {
                callback(state);
            }
            finally
            {
                coroutine._depth--;
                SetSynchronizationContext(previous);
            }

            coroutine.AfterSegment();
        }
    }
}
