namespace Asynkit.Testing;

/// <summary>The loop's virtual time: a <see cref="TimeProvider"/> that stands still while work is ready and jumps to the next
/// timer when the ready queue is empty.</summary>
/// <remarks>
/// Timers fire in (due time, creation order) order; each firing is a ready item, so timers due at the same instant are
/// choice points for exploration. Use it as <c>Task.Delay(t, loop.Clock)</c>, <c>new CancellationTokenSource(t, loop.Clock)</c>,
/// <c>new PeriodicTimer(t, loop.Clock)</c> or <c>loop.Clock.CreateTimer(...)</c>.
/// <para>Reading the time works from any thread. Timers are created and changed on the loop (its thread, or a thread-pool step
/// it controls); from any other thread while the loop runs, the timer is built in full and its scheduling is handed to the loop,
/// which reports that as uncontrolled concurrency (or, under <see cref="EscapePolicy.Wait"/>, schedules it): nothing is thrown
/// on the foreign thread and no half-built timer is left behind.</para>
/// </remarks>
public sealed class VirtualClock : TimeProvider
{
    private static readonly SendOrPostCallback s_fire = static state => ((VirtualTimer.Firing)state!).Fire();

    private readonly AsynkitLoop _loop;
    private readonly DateTimeOffset _start;
    private readonly PriorityQueue<VirtualTimer.Firing, (long Due, long Sequence)> _timers = new();
    private long _now;
    private long _sequence;

    internal VirtualClock(AsynkitLoop loop, DateTimeOffset start)
    {
        _loop = loop;
        _start = start;
    }

    /// <summary>Virtual time elapsed since the loop was created.</summary>
    public TimeSpan Elapsed => new(Volatile.Read(ref _now));

    /// <summary>How many timers are scheduled and not yet fired, changed or disposed.</summary>
    public int PendingTimers
    {
        get
        {
            int pending = 0;
            foreach ((VirtualTimer.Firing firing, _) in _timers.UnorderedItems)
            {
                pending += firing.IsCurrent ? 1 : 0;
            }

            return pending;
        }
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _start.AddTicks(Volatile.Read(ref _now));

    /// <inheritdoc />
    public override long GetTimestamp() => Volatile.Read(ref _now);

    /// <summary>Moves time forward by <paramref name="by"/>; timers that become due fire at the loop's next turn.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        _loop.EnsureLoopThread(nameof(Advance));
        long now = checked(_now + by.Ticks);
        CheckBudget(now);
        _loop.OnVirtualTimeAdvancing(now);
        Volatile.Write(ref _now, now);
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        VirtualTimer.Validate(dueTime, period);
        ObjectDisposedException.ThrowIf(_loop.IsDisposed, _loop);
        var timer = new VirtualTimer(this, callback, state);
        if (_loop.DescribesSteps)
        {
            // A trace names the timer by the user code that created it (Task.Delay, a PeriodicTimer, a library's timer).
            timer.CreatedAt = StackFrames.FirstUserFrame(new System.Diagnostics.StackTrace(1, fNeedFileInfo: true));
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <inheritdoc />
    public override string ToString() => $"VirtualClock at +{Elapsed}";

    /// <summary>True when a timer may be scheduled directly: on the loop (its thread or one of its turns), or while it is not running.</summary>
    internal bool OnLoopOrIdle => !_loop.IsRunning || _loop.IsLoopThread;

    /// <summary>Hands <paramref name="work"/> to the loop from a thread it does not control (reported as an escape, or run on the loop
    /// under <see cref="EscapePolicy.Wait"/>); never throws.</summary>
    internal void PostFromForeignThread(Action work, string what) => _loop.PostFromForeignThread(work, what);

    internal void Schedule(VirtualTimer.Firing firing, long dueTicks)
    {
        _timers.Enqueue(firing, (dueTicks, ++_sequence));
        _loop.NoteWake(firing);
    }

    internal long NowTicks => _now;

    /// <summary>Moves every timer due by now to the ready queue, in (due, creation) order.</summary>
    internal void EnqueueDueTimers()
    {
        while (_timers.TryPeek(out VirtualTimer.Firing? firing, out (long Due, long Sequence) key) && key.Due <= _now)
        {
            _timers.Dequeue();
            if (firing.IsCurrent)
            {
                _loop.Post(s_fire, firing, null);
            }
        }
    }

    /// <summary>Jumps to the earliest pending timer; false when there is none.</summary>
    internal bool AdvanceToNextTimer()
    {
        while (_timers.TryPeek(out VirtualTimer.Firing? firing, out (long Due, long Sequence) key))
        {
            if (!firing.IsCurrent)
            {
                _timers.Dequeue();
                continue;
            }

            if (key.Due > _now)
            {
                CheckBudget(key.Due);
                _loop.OnVirtualTimeAdvancing(key.Due);
                Volatile.Write(ref _now, key.Due);
            }

            return true;
        }

        return false;
    }

    private void CheckBudget(long ticks)
    {
        TimeSpan limit = _loop.Options.MaxVirtualTime;
        if (limit != Timeout.InfiniteTimeSpan && ticks > limit.Ticks)
        {
            throw new LoopBudgetExceededException($"The run exceeded LoopOptions.MaxVirtualTime ({limit}): virtual time would reach +{new TimeSpan(ticks)} after {_loop.StepCount:N0} steps.{Environment.NewLine}{_loop.DescribeTasks()}");
        }
    }
}
