namespace Asynkit.Testing;

/// <summary>The loop's virtual time: a <see cref="TimeProvider"/> that stands still while work is ready and jumps to the next
/// timer when the ready queue is empty.</summary>
/// <remarks>
/// Timers fire in (due time, creation order) order; each firing is a ready item, so timers due at the same instant are
/// choice points for exploration. Use it as <c>Task.Delay(t, loop.Clock)</c>, <c>new CancellationTokenSource(t, loop.Clock)</c>,
/// <c>new PeriodicTimer(t, loop.Clock)</c> or <c>loop.Clock.CreateTimer(...)</c>.
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
    public TimeSpan Elapsed => new(_now);

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
    public override DateTimeOffset GetUtcNow() => _start.AddTicks(_now);

    /// <inheritdoc />
    public override long GetTimestamp() => _now;

    /// <summary>Moves time forward by <paramref name="by"/>; timers that become due fire at the loop's next turn.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        _loop.EnsureLoopThread(nameof(Advance));
        _now = checked(_now + by.Ticks);
        CheckBudget(_now);
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        VirtualTimer.Validate(dueTime, period);
        _loop.EnsureLoopThread("VirtualClock.CreateTimer");
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <inheritdoc />
    public override string ToString() => $"VirtualClock at +{Elapsed}";

    internal void EnsureLoopThread(string what) => _loop.EnsureLoopThread(what);

    internal void Schedule(VirtualTimer.Firing firing, long dueTicks) =>
        _timers.Enqueue(firing, (dueTicks, ++_sequence));

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
                _now = key.Due;
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
