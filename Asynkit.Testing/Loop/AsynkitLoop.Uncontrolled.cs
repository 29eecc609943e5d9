using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    private Dictionary<long, RealTimeTimer>? _realTimers;
    private long _earliestRealTimerDue = long.MaxValue;
    // What escaped, reported from foreign threads: raw facts captured there, turned into text on the loop's thread (reading the
    // loop's tasks and timers from another thread could see them change under it).
    private ConcurrentQueue<Lazy<string>>? _uncontrolled;
    private volatile int _uncontrolledPending;

    /// <summary>Real-time timers the run's code armed that were still scheduled when the run ended (a warning: had the run lasted
    /// longer, they would have fired).</summary>
    internal IReadOnlyList<string> PendingRealTimersAtEnd { get; private set; } = [];

    /// <summary>On a controlled thread: the code armed a real-time timer.</summary>
    internal void OnRealTimerArmed(long id, int dueMilliseconds, int periodMilliseconds)
    {
        if (!_controlsForeign || !_running || dueMilliseconds < 0)
        {
            return;
        }

        var timer = new RealTimeTimer(this, id, dueMilliseconds, periodMilliseconds, Clock.NowTicks, _current, new StackTrace(2, fNeedFileInfo: true));
        (_realTimers ??= [])[id] = timer;
        _earliestRealTimerDue = Math.Min(_earliestRealTimerDue, timer.DueAtVirtualTicks);
        ForeignControl.AddTimer(timer);
    }

    /// <summary>On the timer's thread: a real-time timer the run's code armed fires.</summary>
    internal void OnRealTimerFired(RealTimeTimer timer)
    {
        if (!_running)
        {
            return;
        }

        timer.Fired = true;
        if (_options.Escapes == EscapePolicy.Wait)
        {
            IsDeterministic = false;
            return;
        }

        ReportUncontrolled(() => DescribeRealTimers([timer], "it fired, after real time passed"));
    }

    /// <summary>On a thread the loop does not control: code of this loop starts running there (a real timer's callback, a thread
    /// the loop does not own, real I/O...). The run fails with an escape at the loop's next step; the thread is not held (it may be
    /// what a step waits for), and whatever else the run fails with meanwhile, the escape is what it reports.</summary>
    internal void OnUncontrolledArrival(LoopMarker marker)
    {
        if (!_running || !IsCurrentMarker(marker) || Environment.CurrentManagedThreadId == _threadId)
        {
            return;
        }

        if (_options.Escapes == EscapePolicy.Wait)
        {
            IsDeterministic = false;
            return;
        }

        var stack = new StackTrace(2, fNeedFileInfo: true);
        Thread thread = Thread.CurrentThread;
        var arrival = new Arrival(stack, thread.ManagedThreadId, thread.Name, thread.IsThreadPoolThread, ForeignControl.LastTimerFiredOnThisThread);
        ReportUncontrolled(() => DescribeArrival(arrival));
    }

    /// <summary>What the arriving thread was, captured on it.</summary>
    private sealed record Arrival(StackTrace Stack, int ThreadId, string? ThreadName, bool IsThreadPoolThread, long TimerId);

    /// <summary>The escape reported from another thread, if any: it is the run's failure, whatever else failed meanwhile.</summary>
    private UncontrolledConcurrencyException? ReportedEscape(Exception? other) =>
        _uncontrolledPending != 0 && _uncontrolled!.TryPeek(out Lazy<string>? first)
            ? (other is null ? new UncontrolledConcurrencyException(first.Value) : new UncontrolledConcurrencyException(first.Value, other))
            : null;

    /// <summary>On a foreign thread: records an escape, to be described on the loop's thread. Never throws.</summary>
    private void ReportUncontrolled(Func<string> describe)
    {
        try
        {
            (_uncontrolled ?? Interlocked.CompareExchange(ref _uncontrolled, new ConcurrentQueue<Lazy<string>>(), null) ?? _uncontrolled!).Enqueue(new Lazy<string>(describe));
            _uncontrolledPending = 1;
            ForeignSignal.Release();
        }
        catch (Exception)
        {
            // The run is over (the signal was disposed), or the process is out of memory: nothing to throw into.
        }
    }

    private void ThrowUncontrolled()
    {
        _uncontrolled!.TryPeek(out Lazy<string>? first);
        throw new UncontrolledConcurrencyException(first!.Value);
    }

    /// <summary>Called before virtual time moves to <paramref name="ticks"/>: a real-time timer that would have fired by then on
    /// the loop's clock, and is still pending, makes the code see time run differently than in production.</summary>
    internal void OnVirtualTimeAdvancing(long ticks)
    {
        if (_realTimers is null || ticks < _earliestRealTimerDue)
        {
            return;
        }

        List<RealTimeTimer> overdue = PendingRealTimers(t => t.DueAtVirtualTicks <= ticks);
        _earliestRealTimerDue = long.MaxValue;
        foreach (RealTimeTimer timer in _realTimers.Values)
        {
            _earliestRealTimerDue = Math.Min(_earliestRealTimerDue, timer.DueAtVirtualTicks);
        }

        if (overdue.Count > 0 && _options.Escapes != EscapePolicy.Wait)
        {
            throw new UncontrolledConcurrencyException(DescribeRealTimers(overdue, $"virtual time was about to reach +{new TimeSpan(ticks)}, past the moment it is due, while it was still pending: on the real clock it had not fired, so the code would see the two clocks disagree"));
        }
    }

    /// <summary>What, outside the loop's control, could still make progress when nothing the loop controls can: null when nothing.</summary>
    private string? DescribeUncontrolledWhileBlocked()
    {
        if (_uncontrolledPending != 0 && _uncontrolled!.TryPeek(out Lazy<string>? reported))
        {
            return reported.Value;
        }

        if (_foreignPending != 0 && ForeignQueue.TryPeek(out ForeignWork? post))
        {
            return DescribeEscape(post);
        }

        if (_realTimers is { Count: > 0 } && PendingRealTimers(null) is { Count: > 0 } pending)
        {
            return DescribeRealTimers(pending, "the loop had nothing else to run while it was pending: the run waits for real time to pass");
        }

        return DescribeUncontrolledAwaits();
    }

    /// <summary>The armed real-time timers still scheduled in the runtime (all armed ones when the runtime cannot be read), matching
    /// <paramref name="filter"/>; timers no longer scheduled are forgotten.</summary>
    private List<RealTimeTimer> PendingRealTimers(Func<RealTimeTimer, bool>? filter)
    {
        var pending = new List<RealTimeTimer>();
        if (_realTimers is null)
        {
            return pending;
        }

        HashSet<long>? scheduled = RealTimeTimers.ScheduledIds();
        foreach (RealTimeTimer timer in _realTimers.Values.ToList())
        {
            if (scheduled is not null && !scheduled.Contains(timer.Id))
            {
                _realTimers.Remove(timer.Id);
                ForeignControl.RemoveTimer(timer);
                continue;
            }

            if (filter is null || filter(timer))
            {
                pending.Add(timer);
            }
        }

        return pending;
    }

    private string DescribeRealTimers(IEnumerable<RealTimeTimer> timers, string situation)
    {
        var text = new StringBuilder();
        text.AppendLine("Uncontrolled concurrency: the run depends on real time, which the loop cannot control.");
        foreach (RealTimeTimer timer in timers)
        {
            (string call, string fix) = RealTimerDiagnosis.Classify(timer);
            text.Append("  timer: ").AppendLine(call);
            text.Append("  armed by ").Append(DescribeOwner(timer.Owner)).Append(" at virtual time +").Append(new TimeSpan(timer.ArmedAtVirtualTicks)).AppendLine(", from:");
            string frames = StackFrames.UserFrames(timer.ArmedAt);
            text.Append(frames.Length > 0 ? frames : "    (no user frame: armed inside library code)" + Environment.NewLine);
            text.Append("  what happened: ").AppendLine(situation);
            text.Append("  fix: ").AppendLine(fix);
        }

        text.Append(DescribeTasks());
        return text.ToString();
    }

    /// <summary>On the loop's thread: what started running the loop's code on the arriving thread.</summary>
    private string DescribeArrival(Arrival arrival)
    {
        StackTrace stack = arrival.Stack;
        var text = new StringBuilder();
        text.Append("Uncontrolled concurrency: the loop's code started running on thread ").Append(arrival.ThreadId);
        if (arrival.ThreadName is { Length: > 0 } name)
        {
            text.Append(" ('").Append(name).Append("')");
        }

        text.AppendLine(", which the loop does not control.");
        RealTimeTimer? timer = null;
        _realTimers?.TryGetValue(arrival.TimerId, out timer);
        if (timer is not null || StackFrames.Calls(stack, "System.Threading.TimerQueueTimer"))
        {
            (string call, string fix) = timer is null
                ? ("a real-time timer armed outside the loop's view", "pass the loop's clock (loop.Clock) wherever the code takes a TimeProvider")
                : RealTimerDiagnosis.Classify(timer);
            text.Append("  origin: ").AppendLine(call);
            if (timer is not null)
            {
                text.AppendLine("  armed at:").Append(StackFrames.UserFrames(timer.ArmedAt));
            }

            text.Append("  fix: ").AppendLine(fix);
        }
        else if (StackFrames.Calls(stack, "System.Threading.Tasks.ThreadPoolTaskScheduler") || arrival.ThreadName == ".NET Long Running Task")
        {
            text.AppendLine("  origin: a task started with TaskCreationOptions.LongRunning on the default scheduler, which runs on a thread of its own");
            text.AppendLine("  fix: drop TaskCreationOptions.LongRunning (Task.Run and plain Task.Factory.StartNew work is controlled), or start the work with loop.CreateTask");
        }
        else if (!arrival.IsThreadPoolThread)
        {
            text.AppendLine("  origin: a thread the loop does not own (new Thread(...).Start(), or a library's dedicated thread)");
            text.AppendLine("  fix: start the work with Task.Run or loop.CreateTask; the loop controls thread-pool work, not threads of their own");
        }
        else
        {
            text.AppendLine("  origin: thread-pool work that code outside the loop queued (real I/O completing, a wait registered with ThreadPool.RegisterWaitForSingleObject, or a continuation of work the loop did not start)");
            text.AppendLine("  fix: replace the real I/O or outside work with an in-memory fake driven by the loop");
        }

        string frames = StackFrames.UserFrames(stack);
        if (frames.Length > 0)
        {
            text.AppendLine("  code that started there:").Append(frames);
        }

        return text.ToString();
    }

    /// <summary>A step blocked the loop's thread in a synchronous wait that nothing the loop controls can end.</summary>
    private string DescribeBlockedStep(StackTrace stack)
    {
        var text = new StringBuilder();
        text.Append("Deadlock: ").Append(DescribeOwner(_current)).AppendLine(" blocks the loop's thread in a synchronous wait that nothing the loop controls can end:");
        string frames = StackFrames.UserFrames(stack);
        text.Append(frames.Length > 0 ? frames : "    (in library code)" + Environment.NewLine);
        text.AppendLine("The loop runs its tasks on this one thread, so while a step waits synchronously (Task.Wait(), .Result, GetAwaiter().GetResult(), Monitor.Wait, SemaphoreSlim.Wait) no other task can run to end the wait: await instead.");
        text.Append(DescribeTasks());
        return text.ToString();
    }

    /// <summary>At the end of the run: note what real-time timers are still pending, and stop watching them.</summary>
    private void EndUncontrolled()
    {
        if (_realTimers is { Count: > 0 })
        {
            PendingRealTimersAtEnd = PendingRealTimers(null).Select(t => RealTimerDiagnosis.Classify(t).Call + " armed at " + (StackFrames.FirstUserFrame(t.ArmedAt) ?? "library code")).ToList();
            foreach (RealTimeTimer timer in _realTimers.Values)
            {
                ForeignControl.RemoveTimer(timer);
            }

            _realTimers = null;
        }
    }
}
