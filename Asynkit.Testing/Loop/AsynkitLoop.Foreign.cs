using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    private static readonly SendOrPostCallback s_runForeign = static state => ((ForeignItem)state!).Loop.RunTurn((ForeignItem)state!, resume: false);
    private static readonly SendOrPostCallback s_resumeForeign = static state => ((ForeignItem)state!).Loop.RunTurn((ForeignItem)state!, resume: true);
    private static readonly TimerCallback s_parkTimedOut = static state =>
    {
        var (item, version) = ((ForeignItem, int))state!;
        item.Loop.OnParkTimedOut(item, version);
    };

    /// <summary>How long the loop waits for a pool thread to pick up an item before it asks the pool for another thread.</summary>
    private static readonly TimeSpan s_starvationCheck = TimeSpan.FromMilliseconds(20);

    /// <summary>The grid parked timeouts are rounded up to, in milliseconds: 10 ms, or 20 ms where the tick is 15.6 ms (Windows).</summary>
    private static readonly long s_timeoutGrid = OperatingSystem.IsWindows() ? 20 : 10;

    private LoopMarker? _marker;
    private bool _controlsForeign;
    private AutoResetEvent? _turnSignal;
    private AutoResetEvent? _arrivalSignal;
    private readonly object _foreignLock = new();
    private HashSet<ForeignItem>? _foreignItems;
    private List<ForeignItem>? _parked;
    private Dictionary<LoopTask, TurnSynchronizationContext>? _turnContexts;
    private TurnSynchronizationContext? _callbackTurnContext;
    private volatile ForeignItem? _runningTurn;
    private SendOrPostCallback? _runningCallback;
    private object? _runningState;
    private long _runningStep;
    private ExceptionDispatchInfo? _stepFailure;
    private int _foreignSequence;
    private bool _inStep;
    private ILoopObserver? _observer;
    private bool _describesSteps;
    private HashSet<long>? _queuedIds;
    private volatile bool _idCollision;

    /// <summary>True when this run brings thread-pool work started by its code back under its control (docs/foreign-work.md).</summary>
    internal bool ControlsForeignWork => _controlsForeign;

    /// <summary>True when an observer builds a readable trace of the run (so thread-pool turns record what they ran).</summary>
    internal bool DescribesSteps => _describesSteps;

    /// <summary>How many thread-pool work items this run's code queued (each ran as one or more steps).</summary>
    internal int ForeignItemCount => _foreignSequence;

    /// <summary>The marker of the current run, or null when the run does not control the thread pool.</summary>
    internal LoopMarker? Marker => _marker;

    /// <summary>True when, during the current (or last) run, a work item of this run shared its hash code with other pending work,
    /// or one of its items started where another was expected: the pool thread that took it may have held another item, so the run
    /// may not have followed its schedule. The explorer runs such a schedule again (ScheduleRunner).</summary>
    internal bool IdCollisionSeen => _idCollision;

    /// <summary>From any thread: a work-item hash code of run <paramref name="run"/> collided (see <see cref="IdCollisionSeen"/>).</summary>
    internal void NoteIdCollision(LoopMarker? run)
    {
        if (run is not null && IsCurrentMarker(run))
        {
            _idCollision = true;
        }
    }

    /// <summary>From any thread: true when the current run <paramref name="run"/> queued a work item with hash code <paramref name="id"/>.</summary>
    internal bool Queued(LoopMarker run, long id)
    {
        lock (_foreignLock)
        {
            return IsCurrentMarker(run) && _queuedIds is { } ids && ids.Contains(id);
        }
    }

    /// <summary>Whether <paramref name="marker"/> is the one this loop's current run put in its ExecutionContexts.</summary>
    internal bool IsCurrentMarker(LoopMarker marker) => ReferenceEquals(marker, _marker);

    /// <summary>The loop running on this thread: its own thread during a run, or a pool thread during one of its turns.</summary>
    internal static AsynkitLoop? RunningOnThisThread => t_current is { _running: true } loop && loop.IsLoopThread ? loop : null;

    // Created on first use by whichever thread comes first (the loop's, or a pool thread that ends a turn): atomically, so that
    // both wait on and set the same event.
    private AutoResetEvent TurnSignal => Signal(ref _turnSignal);

    private AutoResetEvent ArrivalSignal => Signal(ref _arrivalSignal);

    private static AutoResetEvent Signal(ref AutoResetEvent? field)
    {
        if (Volatile.Read(ref field) is { } existing)
        {
            return existing;
        }

        var signal = new AutoResetEvent(false);
        if (Interlocked.CompareExchange(ref field, signal, null) is { } raced)
        {
            signal.Dispose();
            return raced;
        }

        return signal;
    }

    internal static void EnterTurnOnThisThread(AsynkitLoop loop) => t_current = loop;

    internal static void ExitTurnOnThisThread() => t_current = null;

    /// <summary>The SynchronizationContext a turn of <paramref name="owner"/>'s work runs with.</summary>
    internal TurnSynchronizationContext TurnContextFor(LoopTask? owner)
    {
        if (owner is null)
        {
            return _callbackTurnContext ??= new TurnSynchronizationContext(this, null);
        }

        _turnContexts ??= [];
        if (!_turnContexts.TryGetValue(owner, out TurnSynchronizationContext? context))
        {
            context = new TurnSynchronizationContext(this, owner);
            _turnContexts[owner] = context;
        }

        return context;
    }

    /// <summary>Code of this loop (on its thread, or in one of its turns) queued a thread-pool work item: it becomes a ready item
    /// owned by the task that queued it, and runs when the loop gets to it.</summary>
    internal void OnForeignEnqueued(long id)
    {
        if (!_controlsForeign || !_running)
        {
            return;
        }

        LoopTask? owner = ForeignControl.EnqueueOwner;
        string? description = null;
        if (owner is null && ContinuationOf(id) is { } awaiting)
        {
            // A continuation queued to the pool (after ConfigureAwait(false), or a RunContinuationsAsynchronously completion):
            // it belongs to the task whose async method it resumes, not to the task whose step completed what it awaited.
            (owner, description) = awaiting;
        }

        owner ??= _current ?? _lazyIdentity?.Task;

        // A Parallel.For/ForEach replica queued (by the root, or by another replica): its real-time slice goes, so that the
        // work items it makes depend on the schedule only (ParallelReplicas).
        ParallelReplicas.Unslice(ForeignControl.RunningTask);
        var item = new ForeignItem(this, id, owner, ++_foreignSequence, _stepCount) { Description = description, Run = _marker };
        lock (_foreignLock)
        {
            // Locked: a turn the run gave up on (its wall-clock budget ran out) may still queue work while the run ends.
            (_foreignItems ??= []).Add(item);
            (_queuedIds ??= []).Add(id);
        }

        ForeignControl.AddPending(item);
        Enqueue(new ReadyEntry(s_runForeign, item, owner, null));
    }

    /// <summary>The suspended task whose await chain holds the async method box with hash code <paramref name="id"/> (the work item
    /// of a continuation queued to the pool), and where that method resumes; null when no task's chain holds it.</summary>
    private (LoopTask Owner, string Description)? ContinuationOf(long id)
    {
        if (_liveTasks.Count > 256)
        {
            return null;
        }

        foreach (LoopTask task in _liveTasks)
        {
            if (task.ReadyRefs > 0 || task.Inner is not { IsCompleted: false } inner || IsCurrent(task))
            {
                continue;
            }

            foreach (AsyncFrame frame in AsyncStackInspector.Frames(inner))
            {
                if (System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(frame.Task) == id)
                {
                    return (task, "continuation of " + frame);
                }
            }
        }

        return null;
    }

    /// <summary>On the pool thread that dequeued <paramref name="item"/>: waits until the loop gives it its turn. False when the run
    /// ended first (the item then runs without the loop).</summary>
    internal bool WaitForTurn(ForeignItem item)
    {
        if (!item.TrySetState(ForeignItemState.Queued, ForeignItemState.Dequeued))
        {
            return false;
        }

        // False when the run ended and the loop was disposed meanwhile: the item runs without the loop.
        return TrySet(ArrivalSignal) && AwaitGrant(item) == ForeignItemState.Running;
    }

    /// <summary>On a turn's thread, inside a synchronous wait: gives the turn back and waits until the loop resumes it. Returns
    /// what the wait returns, or int.MinValue when the run ended meanwhile (nothing acquired: the caller waits on its own).</summary>
    /// <remarks>A wait on WaitHandles (<paramref name="selfCheck"/>) may be a Mutex, which belongs to the thread that acquires it: the
    /// loop cannot poll it for the turn, so it asks the turn's thread to try it (<see cref="ForeignItemState.Checking"/>).</remarks>
    internal int Park(ForeignItem item, IntPtr[] waitHandles, bool waitAll, int millisecondsTimeout, bool selfCheck)
    {
        item.ParkHandles = waitHandles;
        item.ParkWaitAll = waitAll;
        item.ParkTimeoutMilliseconds = millisecondsTimeout;
        item.ParkSelfCheck = selfCheck;
        item.ParkedAt = new StackTrace(3, fNeedFileInfo: true);

        item.ParkVersion++;
        if (!item.TrySetState(ForeignItemState.Running, ForeignItemState.Parked))
        {
            // The run gave up on this turn (its wall-clock budget ran out while the turn ran) or ended: nobody will resume it.
            return int.MinValue;
        }

        while (true)
        {
            if (!TrySet(TurnSignal))
            {
                // The loop was disposed after its run ended; nobody waits for this turn.
                return int.MinValue;
            }

            switch (AwaitGrant(item))
            {
                case ForeignItemState.Running:
                    return item.ResumeResult;
                case ForeignItemState.Checking:
                    // The loop asks whether the wait is satisfied now: try it on this thread, and tell the loop.
                    int result = TurnSynchronizationContext.WaitRaw(waitHandles, waitAll, 0);
                    item.CheckResult = result;
                    if (!item.TrySetState(ForeignItemState.Checking, ForeignItemState.Parked))
                    {
                        // The run ended during the check: what the check acquired is this wait's result.
                        return result == WaitHandle.WaitTimeout ? int.MinValue : result;
                    }

                    continue;
                default:
                    return int.MinValue;
            }
        }
    }

    /// <summary>On a pool thread: sets one of the loop's signals; false when the loop was disposed after its run ended.</summary>
    private static bool TrySet(AutoResetEvent signal)
    {
        try
        {
            signal.Set();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>On a turn's thread: its work item returned to the pool.</summary>
    internal void OnTurnEnded(ForeignItem item)
    {
        item.SetState(ForeignItemState.Ended);
        try
        {
            TurnSignal.Set();
        }
        catch (ObjectDisposedException)
        {
            // The loop was disposed after its run ended; nobody waits.
        }
    }

    /// <summary>On a pool thread: waits until the loop gives <paramref name="item"/> its turn (Running), asks a parked turn to check
    /// its wait (Checking), or ends the run (Abandoned); returns which.</summary>
    private static ForeignItemState AwaitGrant(ForeignItem item)
    {
        PoolThreadReserve.Hold();
        try
        {
            while (true)
            {
                ForeignControl.WaitInternal(item.Gate!, Timeout.InfiniteTimeSpan);
                ForeignItemState state = item.State;
                if (state is ForeignItemState.Running or ForeignItemState.Checking or ForeignItemState.Abandoned)
                {
                    return state;
                }
            }
        }
        finally
        {
            PoolThreadReserve.Release();
        }
    }

    /// <summary>The ready item of a foreign work item: waits until a pool thread holds it, gives it the turn, and waits until the
    /// turn ends or parks. The loop's thread does nothing else meanwhile, so only one piece of the loop's code runs at a time.</summary>
    private void RunTurn(ForeignItem item, bool resume)
    {
        if (!resume)
        {
            while (item.State == ForeignItemState.Queued)
            {
                TimeSpan budget = WaitBudget();
                if (ForeignControl.WaitInternal(ArrivalSignal, budget < s_starvationCheck ? budget : s_starvationCheck))
                {
                    continue;
                }

                if (RemainingWallClock() == TimeSpan.Zero)
                {
                    throw new LoopBudgetExceededException($"The run exceeded LoopOptions.WallClockTimeout ({_options.WallClockTimeout}) waiting for a thread-pool thread to pick up {item.Describe()}, queued by {DescribeOwner(item.Owner)}: the thread pool is starved.{Environment.NewLine}{DescribeTasks()}", wallClock: true);
                }

                // Every pool thread is busy (with work outside the loop): ask for one more rather than wait for the pool's slow
                // starvation injection. This only changes how soon the item runs, never where it runs in the schedule.
                PoolThreadReserve.Starving();
            }
        }

        _runningTurn = item;
        try
        {
            item.SetState(ForeignItemState.Running);
            item.Gate!.Set();
            while (true)
            {
                switch (item.State)
                {
                    case ForeignItemState.Ended:
                        lock (_foreignLock)
                        {
                            _foreignItems!.Remove(item);
                        }

                        return;
                    case ForeignItemState.Parked:
                        TakePark(item);
                        return;
                }

                if (!ForeignControl.WaitInternal(TurnSignal, WaitBudget()))
                {
                    throw new LoopBudgetExceededException($"The run exceeded LoopOptions.WallClockTimeout ({_options.WallClockTimeout}) while {item.Describe()} of {DescribeOwner(item.Owner)} ran on thread {item.Thread?.ManagedThreadId}: it blocks in a way the loop cannot see (Thread.Sleep, a spin, I/O) or never returns.{Environment.NewLine}{DescribeTasks()}", wallClock: true);
                }
            }
        }
        finally
        {
            _runningTurn = null;
        }
    }

    /// <summary>A turn parked in a synchronous wait: from now on the loop polls what it waits for after every step, and a timeout
    /// runs on the loop's clock.</summary>
    private void TakePark(ForeignItem item)
    {
        (_parked ??= []).Add(item);
        if (item.ParkTimeoutMilliseconds > 0)
        {
            item.ParkTimer = Clock.CreateTimer(s_parkTimedOut, (item, item.ParkVersion), TimeSpan.FromMilliseconds(VirtualTimeout(item.ParkTimeoutMilliseconds)), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The virtual timeout of a parked wait. The BCL passes the timeout it has left after spinning, measured on
    /// Environment.TickCount (a few milliseconds less than the caller asked, varying run to run: the tick moves in steps of up to
    /// 4 ms on Linux and 15.6 ms on Windows). Rounding every timeout up to a grid coarser than one tick gives back the timeout the
    /// caller asked whenever it is a multiple of the grid, as round timeouts are.</summary>
    private static int VirtualTimeout(int milliseconds)
    {
        long grid = s_timeoutGrid;
        return (int)Math.Min(int.MaxValue, (milliseconds + grid - 1) / grid * grid);
    }

    private void OnParkTimedOut(ForeignItem item, int version)
    {
        if (item.State != ForeignItemState.Parked || item.ParkVersion != version || _parked is null || !_parked.Remove(item))
        {
            return;
        }

        Resume(item, WaitHandle.WaitTimeout);
    }

    /// <summary>Moves every parked turn whose wait is now satisfied back to the ready queue, in the order they parked.</summary>
    private void PollParked()
    {
        List<ForeignItem> parked = _parked!;
        for (int i = 0; i < parked.Count; i++)
        {
            ForeignItem item = parked[i];
            int result = item.ParkSelfCheck ? CheckOnItsThread(item) : TurnSynchronizationContext.WaitRaw(item.ParkHandles!, item.ParkWaitAll, 0);
            if (result == WaitHandle.WaitTimeout)
            {
                continue;
            }

            parked.RemoveAt(i--);
            Resume(item, result);
        }
    }

    /// <summary>Asks a parked turn's thread to try its wait (it may hold a Mutex, which only that thread may acquire) and waits for
    /// the answer: what the wait returned, WaitHandle.WaitTimeout when it is still unsatisfied.</summary>
    private int CheckOnItsThread(ForeignItem item)
    {
        if (!item.TrySetState(ForeignItemState.Parked, ForeignItemState.Checking))
        {
            return WaitHandle.WaitTimeout;
        }

        item.Gate!.Set();
        while (item.State == ForeignItemState.Checking)
        {
            if (!ForeignControl.WaitInternal(TurnSignal, WaitBudget()))
            {
                throw new LoopBudgetExceededException($"The run exceeded LoopOptions.WallClockTimeout ({_options.WallClockTimeout}) while {item.Describe()} of {DescribeOwner(item.Owner)} checked its wait on thread {item.Thread?.ManagedThreadId}.{Environment.NewLine}{DescribeTasks()}", wallClock: true);
            }
        }

        return item.CheckResult;
    }

    private void Resume(ForeignItem item, int result)
    {
        item.ParkTimer?.Dispose();
        item.ParkTimer = null;
        item.ResumeResult = result;
        Enqueue(new ReadyEntry(s_resumeForeign, item, item.Owner, null));
    }

    /// <summary>A synchronous wait on the loop's thread during a step (Task.Wait, .Result, Monitor.Wait, SemaphoreSlim.Wait...):
    /// the step cannot go on, but thread-pool work it started can, so the loop runs those turns (only those) until the wait is
    /// satisfied. When nothing the loop controls can satisfy it, the step is deadlocked: the wait throws.</summary>
    internal int WaitOnLoop(IntPtr[] waitHandles, bool waitAll, int millisecondsTimeout)
    {
        if (ForeignControl.InInternalWait || millisecondsTimeout == 0 || !_inStep || !_controlsForeign || Environment.CurrentManagedThreadId != _threadId)
        {
            return TurnSynchronizationContext.WaitRaw(waitHandles, waitAll, millisecondsTimeout);
        }

        (bool condition, bool safeToThrow, _) = BlockingWaits.Inspect();
        if (!condition)
        {
            // A lock another thread holds (or a wait we cannot read): locks are held briefly, and running other work now could make
            // this thread wait for a turn that needs the very lock this step holds. Wait for it in place.
            return TurnSynchronizationContext.WaitRaw(waitHandles, waitAll, millisecondsTimeout);
        }

        LoopTask? outerTask = _current;
        LazyTaskContext? outerIdentity = _lazyIdentity;
        SynchronizationContext? outerContext = SynchronizationContext.Current;
        try
        {
            while (true)
            {
                int result = TurnSynchronizationContext.WaitRaw(waitHandles, waitAll, 0);
                if (result != WaitHandle.WaitTimeout)
                {
                    return result;
                }

                if (_parked is { Count: > 0 })
                {
                    PollParked();
                }

                int index = IndexOfForeignEntry();
                if (index >= 0)
                {
                    ReadyEntry entry = _ready.RemoveAt(index);
                    _lazyIdentity = null;
                    RunEntry(entry, index, _ready.Count + 1);
                    _batchRemaining--;

                    // The waiting step is the one running again (a deadlock found next names its task).
                    _current = outerTask;
                    _lazyIdentity = outerIdentity;
                    SynchronizationContext.SetSynchronizationContext(outerContext);
                    continue;
                }

                CheckWallClock();
                Exception? failure = null;
                if (millisecondsTimeout == Timeout.Infinite && _options.Escapes != EscapePolicy.Wait)
                {
                    failure = JoinsThread()
                        ? new UncontrolledConcurrencyException(DescribeJoin(new StackTrace(2, fNeedFileInfo: true)))
                        : DescribeUncontrolledWhileBlocked() is { } escape
                            ? new UncontrolledConcurrencyException(escape)
                            : new DeadlockException(DescribeBlockedStep(new StackTrace(2, fNeedFileInfo: true)));
                    if (safeToThrow)
                    {
                        throw RecordStepFailure(failure);
                    }

                    RecordStepFailure(failure);
                }

                // Nothing the loop controls can end the wait now. A wait with a timeout waits in real time, as it would in
                // production; so does any wait when escapes are let in; and a deadlock inside code an exception must not leave
                // (a continuation callback) waits too, already recorded as the run's failure. All within the wall-clock budget:
                // when it runs out first, the wait throws the budget failure where it may, and otherwise stays stuck (the
                // runner's timeout abandons this thread) rather than pretend the wait ended.
                TimeSpan budget = WaitBudget();
                bool budgetFirst = millisecondsTimeout == Timeout.Infinite || budget < TimeSpan.FromMilliseconds(millisecondsTimeout);
                result = TurnSynchronizationContext.WaitRaw(waitHandles, waitAll, budgetFirst ? (int)Math.Min(int.MaxValue, budget.TotalMilliseconds) : millisecondsTimeout);
                if (result != WaitHandle.WaitTimeout || !budgetFirst)
                {
                    return result;
                }

                if (safeToThrow)
                {
                    CheckWallClock();
                }

                return TurnSynchronizationContext.WaitRaw(waitHandles, waitAll, millisecondsTimeout);
            }
        }
        finally
        {
            _current = outerTask;
            _lazyIdentity = outerIdentity;
            SynchronizationContext.SetSynchronizationContext(outerContext);
        }
    }

    private static bool JoinsThread()
    {
        foreach (StackFrame frame in new StackTrace(2, fNeedFileInfo: false).GetFrames())
        {
            if (frame.GetMethod() is { DeclaringType: { } type } method && type == typeof(Thread) && method.Name == "Join")
            {
                return true;
            }
        }

        return false;
    }

    private string DescribeJoin(StackTrace stack) =>
        $"Uncontrolled concurrency: {DescribeOwner(_current)} joins a thread the loop does not own (Thread.Join), so the run depends on that thread:{Environment.NewLine}{StackFrames.UserFrames(stack)}  fix: start the work with Task.Run or loop.CreateTask and await it; the loop controls thread-pool work, not threads of their own{Environment.NewLine}{DescribeTasks()}";

    private int IndexOfForeignEntry()
    {
        for (int i = 0; i < _ready.Count; i++)
        {
            SendOrPostCallback callback = _ready[i].Callback;
            if (callback == s_runForeign || callback == s_resumeForeign)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Keeps <paramref name="failure"/> as the run's failure even if the code under test catches it.</summary>
    private Exception RecordStepFailure(Exception failure)
    {
        _stepFailure ??= ExceptionDispatchInfo.Capture(failure);
        return failure;
    }

    /// <summary>The run is over: every pool thread still waiting for a turn, or parked, goes on without the loop.</summary>
    private void AbandonForeignWork()
    {
        ForeignItem[] items;
        lock (_foreignLock)
        {
            if (_foreignItems is null)
            {
                return;
            }

            items = [.. _foreignItems];
            _foreignItems.Clear();
        }

        foreach (ForeignItem item in items)
        {
            ForeignControl.RemovePending(item);
            ForeignItemState state = item.State;
            if (state is ForeignItemState.Ended or ForeignItemState.Abandoned)
            {
                continue;
            }

            // An interlocked write: the read of Gate below must not move before it (the pool thread sets Gate, then checks the
            // state with a compare-and-swap).
            item.Abandon();
            item.ParkTimer?.Dispose();
            item.Gate?.Set();
        }

        _parked?.Clear();
    }

    private TimeSpan WaitBudget()
    {
        TimeSpan remaining = RemainingWallClock();
        return remaining == Timeout.InfiniteTimeSpan ? TimeSpan.FromMilliseconds(int.MaxValue) : remaining;
    }

    private static string DescribeOwner(LoopTask? owner) => owner is null ? "a loop callback" : $"task '{owner.Name}' (#{owner.Id})";
}
