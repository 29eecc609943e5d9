namespace Asynkit.Testing;

/// <summary>A timer on the <see cref="VirtualClock"/>; its callback runs on the loop as a plain ready item.</summary>
internal sealed class VirtualTimer : ITimer
{
    private static readonly ContextCallback s_invoke = static state => ((VirtualTimer)state!).Invoke();

    private readonly VirtualClock _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly ExecutionContext? _context;
    private Firing? _pending;
    private long _period;
    private bool _disposed;

    /// <summary>Where user code created the timer ("Type.Method in File.cs:line"), recorded only while a trace is built; or null.</summary>
    internal string? CreatedAt { get; set; }

    internal VirtualTimer(VirtualClock clock, TimerCallback callback, object? state)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
        _context = ExecutionContext.Capture();
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, period);
        if (_disposed)
        {
            return false;
        }

        if (!_clock.OnLoopOrIdle)
        {
            _clock.PostFromForeignThread(() => Change(dueTime, period), "A VirtualClock timer was created or changed");
            return true;
        }

        _pending = null;
        _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            ScheduleAt(checked(_clock.NowTicks + dueTime.Ticks));
        }

        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        _pending = null;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal static void Validate(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "dueTime must be non-negative or Timeout.InfiniteTimeSpan.");
        }

        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "period must be non-negative or Timeout.InfiniteTimeSpan.");
        }
    }

    private void ScheduleAt(long due)
    {
        var firing = new Firing(this, due);
        _pending = firing;
        _clock.Schedule(firing, due);
    }

    private void Invoke() => _callback(_state);

    /// <summary>One scheduled firing; stale once the timer is changed or disposed.</summary>
    internal sealed class Firing(VirtualTimer timer, long due)
    {
        internal VirtualTimer Timer => timer;

        internal bool IsCurrent => timer._pending == this;

        internal void Fire()
        {
            if (!IsCurrent)
            {
                return;
            }

            timer._pending = null;
            if (timer._period > 0)
            {
                timer.ScheduleAt(due + timer._period);
            }

            if (timer._context is { } context)
            {
                ExecutionContext.Run(context, s_invoke, timer);
            }
            else
            {
                timer.Invoke();
            }
        }
    }
}
