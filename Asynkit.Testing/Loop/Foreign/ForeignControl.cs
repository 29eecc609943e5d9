using System.Diagnostics;

namespace Asynkit.Testing;

/// <summary>The process-wide half of thread-pool control: the ExecutionContext marker every loop's code carries, the thread-pool
/// events that say when loop code queues work and when a pool thread picks it up, and the state of a pool thread while it runs
/// one of a loop's steps (its "turn").</summary>
/// <remarks>
/// <para>Everything here runs on arbitrary threads inside EventSource and AsyncLocal callbacks, where an exception would end the
/// process: every entry point catches everything and leaves the loop to report.</para>
/// <para>The design, what it controls, its cost and its limits: docs/foreign-work.md.</para>
/// </remarks>
internal static class ForeignControl
{
    private static readonly AsyncLocal<LoopMarker?> s_marker = new(OnMarkerChanged);
    private static readonly AsyncLocal<object?> s_sentinel = new(OnSentinelChanged);
    private static readonly object s_sentinelValue = new();
    private static readonly Lock s_pendingLock = new();
    private static readonly Dictionary<long, ForeignItem> s_pending = [];
    private static readonly Lock s_timersLock = new();
    private static readonly Dictionary<long, RealTimeTimer> s_timers = [];
    private static readonly Lock s_startLock = new();
    private static int s_pendingCount;
    private static int s_timerCount;
    private static volatile int s_availability;
    private static volatile bool s_probeSeen;
    private static PoolEventListener? s_listener;

    [ThreadStatic]
    private static ForeignItem? t_turn;

    [ThreadStatic]
    private static AutoResetEvent? t_gate;

    [ThreadStatic]
    private static bool t_internalWait;

    [ThreadStatic]
    private static bool t_probe;

    [ThreadStatic]
    private static LoopTask? t_enqueueOwner;

    [ThreadStatic]
    private static long t_lastTimerFired;

    [ThreadStatic]
    private static long t_lastDequeued;

    /// <summary>The bits of a work item's hash code the matching uses: all of them, except in the collision benchmark
    /// (`--only collisions`), which keeps fewer to make codes collide often, process-wide.</summary>
    internal static long IdMask { get; set; } = -1;

    /// <summary>The item whose turn this thread runs, or null.</summary>
    internal static ForeignItem? Turn => t_turn;

    /// <summary>True while this thread waits inside the loop's own machinery (such waits must not re-enter the loop's wait hooks).</summary>
    internal static bool InInternalWait => t_internalWait;

    /// <summary>Starts listening to the thread pool's events (once per process) and reports whether control is possible: false
    /// when EventSource is unavailable or the pool's events did not arrive (then the loop reports foreign work as escapes).</summary>
    /// <remarks>A failed start is not final: the listener stays, and each later run probes once more (one work item, a few
    /// microseconds), so that events which arrived late still give later runs control.</remarks>
    internal static bool EnsureStarted()
    {
        if (s_availability > 0)
        {
            return true;
        }

        lock (s_startLock)
        {
            if (s_availability == 0)
            {
                s_availability = Start() ? 1 : -1;
            }
            else if (s_availability < 0 && s_listener is not null && Probe())
            {
                s_availability = 1;
            }
        }

        return s_availability > 0;
    }

    /// <summary>Puts <paramref name="marker"/> in this thread's ExecutionContext (the loop thread, as a run starts); returns the
    /// value it replaces, for <see cref="ExitRun"/>.</summary>
    internal static LoopMarker? EnterRun(LoopMarker marker)
    {
        LoopMarker? previous = s_marker.Value;
        s_marker.Value = marker;
        return previous;
    }

    internal static void ExitRun(LoopMarker? previous) => s_marker.Value = previous;

    /// <summary>Until disposed, waits on this thread bypass the loop's wait hooks: the loop's own code is running.</summary>
    internal static InternalWaitScope EnterInternalWait()
    {
        bool was = t_internalWait;
        t_internalWait = true;
        return new InternalWaitScope(was);
    }

    /// <summary>Restores the thread's internal-wait flag.</summary>
    internal readonly struct InternalWaitScope(bool was) : IDisposable
    {
        public void Dispose() => t_internalWait = was;
    }

    /// <summary>Waits on <paramref name="handle"/> without entering the loop's wait hooks (the loop's own waits).</summary>
    internal static bool WaitInternal(WaitHandle handle, TimeSpan timeout)
    {
        bool was = t_internalWait;
        t_internalWait = true;
        try
        {
            return handle.WaitOne(timeout);
        }
        finally
        {
            t_internalWait = was;
        }
    }

    /// <summary>Queues <paramref name="callback"/> to the thread pool on behalf of <paramref name="owner"/>: work that a turn's
    /// SynchronizationContext posts belongs to the task whose code awaited.</summary>
    internal static void QueueFor(LoopTask? owner, SendOrPostCallback callback, object? state)
    {
        LoopTask? previous = t_enqueueOwner;
        t_enqueueOwner = owner;
        try
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Callback(s.State), (Callback: callback, State: state), preferLocal: false);
        }
        finally
        {
            t_enqueueOwner = previous;
        }
    }

    /// <summary>The owner an enqueue on this thread is made for, when a turn's context posts; else null.</summary>
    internal static LoopTask? EnqueueOwner => t_enqueueOwner;

    /// <summary>Makes <paramref name="item"/> findable by the pool thread that dequeues it.</summary>
    internal static void AddPending(ForeignItem item)
    {
        lock (s_pendingLock)
        {
            if (s_pending.TryGetValue(item.Id, out ForeignItem? first))
            {
                // Two pending items with one hash code (of two loops, or of one): a pool thread that starts either takes the first
                // one queued, which may be the other's. Both runs are told; the explorer runs such a schedule again.
                item.Loop.NoteIdCollision(item.Run);
                first.Loop.NoteIdCollision(first.Run);
                while (first.NextSameId is { } next)
                {
                    first = next;
                    first.Loop.NoteIdCollision(first.Run);
                }

                first.NextSameId = item;
            }
            else
            {
                s_pending[item.Id] = item;
            }

            s_pendingCount++;
        }
    }

    /// <summary>Forgets <paramref name="item"/> if it is still waiting to be dequeued (the run ended).</summary>
    internal static void RemovePending(ForeignItem item)
    {
        lock (s_pendingLock)
        {
            if (!s_pending.TryGetValue(item.Id, out ForeignItem? first))
            {
                return;
            }

            if (first == item)
            {
                if (item.NextSameId is { } next)
                {
                    s_pending[item.Id] = next;
                }
                else
                {
                    s_pending.Remove(item.Id);
                }

                s_pendingCount--;
                return;
            }

            for (ForeignItem previous = first; previous.NextSameId is { } candidate; previous = candidate)
            {
                if (candidate == item)
                {
                    previous.NextSameId = candidate.NextSameId;
                    s_pendingCount--;
                    return;
                }
            }
        }
    }

    internal static void AddTimer(RealTimeTimer timer)
    {
        lock (s_timersLock)
        {
            s_timers[timer.Id] = timer;
            s_timerCount = s_timers.Count;
        }
    }

    internal static void RemoveTimer(RealTimeTimer timer)
    {
        lock (s_timersLock)
        {
            if (s_timers.TryGetValue(timer.Id, out RealTimeTimer? current) && current == timer)
            {
                s_timers.Remove(timer.Id);
                s_timerCount = s_timers.Count;
            }
        }
    }

    /// <summary>The id of the real-time timer whose callback this thread started last (0 if none), to name the timer behind an
    /// uncontrolled arrival.</summary>
    internal static long LastTimerFiredOnThisThread => t_lastTimerFired;

    /// <summary>This thread's turn gate: it waits on it for its turn and for the end of a park.</summary>
    internal static AutoResetEvent ThreadGate => t_gate ??= new AutoResetEvent(false);

    // ---- thread-pool events (PoolEventListener) ----

    /// <summary>Work was queued to the pool on this thread.</summary>
    internal static void OnEnqueue(long id)
    {
        if (t_probe)
        {
            s_probeSeen = true;
            return;
        }

        AsynkitLoop? loop = t_turn?.Loop ?? AsynkitLoop.RunningOnThisThread;
        if (loop is not null)
        {
            loop.OnForeignEnqueued(id);
        }
    }

    /// <summary>A pool thread is about to run the work item with hash code <paramref name="id"/>.</summary>
    internal static void OnDequeue(long id)
    {
        // A new work item on this thread: a timer that fired for an earlier one is not what starts this one.
        t_lastTimerFired = 0;
        t_lastDequeued = id;
        if (Volatile.Read(ref s_pendingCount) == 0)
        {
            return;
        }

        ForeignItem? item;
        lock (s_pendingLock)
        {
            if (!s_pending.TryGetValue(id, out item))
            {
                return;
            }

            if (item.NextSameId is { } next)
            {
                s_pending[id] = next;
            }
            else
            {
                s_pending.Remove(id);
            }

            item.NextSameId = null;
            s_pendingCount--;
        }

        item.Thread = Thread.CurrentThread;
        item.Gate = ThreadGate;
        if (!item.Loop.WaitForTurn(item))
        {
            return;
        }

        BeginTurn(item);
    }

    /// <summary>A real-time timer was armed on this thread (System.Threading.Timer, Task.Delay, a CancellationTokenSource timeout...).</summary>
    internal static void OnTimerArmed(long id, int dueMilliseconds, int periodMilliseconds)
    {
        AsynkitLoop? loop = t_turn?.Loop ?? AsynkitLoop.RunningOnThisThread;
        loop?.OnRealTimerArmed(id, dueMilliseconds, periodMilliseconds);
    }

    /// <summary>A real-time timer's callback is about to run on this thread.</summary>
    internal static void OnTimerFired(long id)
    {
        t_lastTimerFired = id;
        if (Volatile.Read(ref s_timerCount) == 0)
        {
            return;
        }

        RealTimeTimer? timer;
        lock (s_timersLock)
        {
            s_timers.TryGetValue(id, out timer);
        }

        timer?.Loop.OnRealTimerFired(timer);
    }

    // ---- turns, on the pool thread ----

    private static readonly Func<Task?>? s_internalCurrent = (Func<Task?>?)typeof(Task)
        .GetProperty("InternalCurrent", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)?
        .GetMethod?.CreateDelegate(typeof(Func<Task?>));

    /// <summary>The Task executing on this thread (Task.InternalCurrent), or null.</summary>
    internal static Task? RunningTask => s_internalCurrent?.Invoke();

    private static readonly System.Reflection.FieldInfo? s_taskAction = typeof(Task).GetField("m_action", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);

    private static void BeginTurn(ForeignItem item)
    {
        t_turn = item;
        AsynkitLoop.EnterTurnOnThisThread(item.Loop);
        item.DetachedQueue = ThreadPoolLocals.Detach();
        SynchronizationContext.SetSynchronizationContext(item.Loop.TurnContextFor(item.Owner));
        s_sentinel.Value = s_sentinelValue;
    }

    /// <summary>The turn's work item has returned to the pool (or the run ended under it): restore the thread and tell the loop.</summary>
    private static void EndTurn(ForeignItem item)
    {
        LeaveTurn(item);
        item.Loop.OnTurnEnded(item);
    }

    /// <summary>Restores the pool thread that ran <paramref name="item"/>'s turn: no turn, no loop, its own local work queue.</summary>
    private static void LeaveTurn(ForeignItem item)
    {
        t_turn = null;
        AsynkitLoop.ExitTurnOnThisThread();
        ThreadPoolLocals.Attach(item.DetachedQueue);
        item.DetachedQueue = null;
    }

    /// <summary>A synchronous wait inside a turn (Task.Wait, .Result, Monitor.Wait, SemaphoreSlim.Wait...): the turn parks and the
    /// loop runs other work until what it waits for is signalled; returns what the wait returns.</summary>
    internal static int WaitInTurn(ForeignItem item, IntPtr[] waitHandles, bool waitAll, int millisecondsTimeout, bool selfCheck)
    {
        int result = item.Loop.Park(item, waitHandles, waitAll, millisecondsTimeout, selfCheck);
        if (result != int.MinValue && item.State != ForeignItemState.Abandoned)
        {
            return result;
        }

        // The run ended while this turn was parked: the thread goes on without the loop (with what a last check of its wait
        // acquired, if it did).
        LeaveTurn(item);
        return result != int.MinValue ? result : TurnSynchronizationContext.WaitRaw(waitHandles, waitAll, millisecondsTimeout);
    }

    // ---- AsyncLocal notifications ----

    private static void OnMarkerChanged(AsyncLocalValueChangedArgs<LoopMarker?> args)
    {
        if (!args.ThreadContextChanged)
        {
            return;
        }

        try
        {
            if (t_turn is { } turn)
            {
                OnTurnContextChanged(turn);
            }
            else if (args.CurrentValue is { } marker && args.PreviousValue != marker && !t_internalWait)
            {
                if (t_lastDequeued != 0 && marker.Loop.Queued(marker, t_lastDequeued))
                {
                    // The run's code started on a pool thread that found no pending item for it, although the run queued an item
                    // with this hash code: another thread took that item for other work with the same code (a collision).
                    marker.Loop.NoteIdCollision(marker);
                }

                marker.Loop.OnUncontrolledArrival(marker);
            }
        }
        catch (Exception)
        {
            // Never throw here: an exception in an AsyncLocal notification ends the process.
        }
    }

    private static void OnSentinelChanged(AsyncLocalValueChangedArgs<object?> args)
    {
        if (!args.ThreadContextChanged || t_turn is not { } turn)
        {
            return;
        }

        try
        {
            OnTurnContextChanged(turn);
        }
        catch (Exception)
        {
            // Never throw here: an exception in an AsyncLocal notification ends the process.
        }
    }

    /// <summary>The turn thread's ExecutionContext changed. While it still carries the loop's marker or the turn's sentinel the
    /// turn goes on; when the runtime resets the thread between work items, the turn has ended.</summary>
    private static void OnTurnContextChanged(ForeignItem turn)
    {
        if (s_marker.Value is { } marker && turn.Loop.IsCurrentMarker(marker))
        {
            if (turn.Description is null && turn.Loop.DescribesSteps)
            {
                turn.Description = DescribeRunningTask();
            }

            return;
        }

        if (s_sentinel.Value is not null)
        {
            return;
        }

        // Neither is present. Three cases: user code switched to another ExecutionContext (its SynchronizationContext, the
        // turn's, is still set); a Task work item's body returned and its epilogue (completion, synchronous continuations) still
        // runs (Task.CurrentId is set); or the thread pool reset the thread after the work item: the end of the turn.
        if (SynchronizationContext.Current is not null)
        {
            s_sentinel.Value = s_sentinelValue;
            return;
        }

        if (Task.CurrentId.HasValue)
        {
            // The runtime cleared the thread's SynchronizationContext before the epilogue: put the turn's back, so that a synchronous
            // wait in a continuation run inline here still gives the turn back, and continuations queued from here stay controlled.
            s_sentinel.Value = s_sentinelValue;
            SynchronizationContext.SetSynchronizationContext(turn.Loop.TurnContextFor(turn.Owner));
            return;
        }

        EndTurn(turn);
    }

    /// <summary>"Task.Run body Type.Method" for the delegate of the Task this pool thread executes, or null.</summary>
    private static string? DescribeRunningTask() =>
        s_internalCurrent?.Invoke() is { } task && s_taskAction?.GetValue(task) is Delegate action
            ? "body " + StepDescriber.DescribeMethod(action.Method)
            : null;

    // ---- start-up ----

    private static bool Start()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS())
        {
            return false;
        }

        try
        {
            s_listener = new PoolEventListener();
        }
        catch (Exception)
        {
            return false;
        }

        // The thread pool reads whether its events are wanted when a worker starts dispatching, and every 30 ms while one
        // does: probe until an enqueue on this thread is reported (usually at once; a few ms at worst).
        var clock = Stopwatch.StartNew();
        using var wait = new ManualResetEvent(false);
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (Probe())
            {
                return true;
            }

            WaitInternal(wait, TimeSpan.FromMilliseconds(2));
        }

        return false;
    }

    /// <summary>Queues one empty work item and reports whether the pool's enqueue event for it arrived (events are written on
    /// the enqueuing thread, so it arrives before the call returns or not at all).</summary>
    private static bool Probe()
    {
        t_probe = true;
        try
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => { }, null);
        }
        finally
        {
            t_probe = false;
        }

        return s_probeSeen;
    }
}
