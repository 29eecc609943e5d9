namespace Asynkit.Testing;

/// <summary>Settings of one <see cref="AsynkitLoop"/>: budgets, the schedule strategy and the failure policies.</summary>
public sealed class LoopOptions
{
    /// <summary>The most steps a run may take before it fails as a livelock; 0 means no limit.</summary>
    public long MaxSteps { get; set; } = 10_000_000;

    /// <summary>The most virtual time a run may advance its clock by; <see cref="Timeout.InfiniteTimeSpan"/> means no limit.</summary>
    public TimeSpan MaxVirtualTime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The wall-clock budget of a run, checked between steps and while idle; <see cref="Timeout.InfiniteTimeSpan"/> means no limit.</summary>
    public TimeSpan WallClockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs thread-pool work that the loop's code starts (Task.Run, ThreadPool.QueueUserWorkItem, Parallel.*, continuations
    /// after ConfigureAwait(false) in user, library or BCL code) as steps of the loop, one at a time and explorable; true by default.
    /// False reports such work as an escape instead. See docs/foreign-work.md.</summary>
    public bool ControlThreadPool { get; set; } = true;

    /// <summary>Which item runs when several are ready; null runs the head of the queue (asyncio order).</summary>
    public IScheduleStrategy? Strategy { get; set; }

    /// <summary>Runs the ready item of the best (lowest) <see cref="LoopTask.EffectivePriority"/> first, FIFO among equals; false
    /// (the default) keeps asyncio's FIFO order. See docs/priority.md.</summary>
    public bool PriorityScheduling { get; set; }

    /// <summary>What happens when work outside the loop's control reaches it (a real-time timer, a thread the loop does not own).</summary>
    public EscapePolicy Escapes { get; set; } = EscapePolicy.Fail;

    /// <summary>What happens to a task whose exception nobody observed by the end of the run.</summary>
    public UnobservedExceptionPolicy UnobservedTaskExceptions { get; set; } = UnobservedExceptionPolicy.Fail;

    /// <summary>What happens to tasks still unfinished when main returns.</summary>
    public LeftoverTaskPolicy LeftoverTasks { get; set; } = LeftoverTaskPolicy.Cancel;

    /// <summary>What happens to an exception a leftover task raises while it is cancelled at the end of the run: a warning
    /// (<see cref="AsynkitLoop.Warnings"/>) by default, as asyncio logs it; <see cref="LeftoverExceptionPolicy.Fail"/> fails the run.
    /// A task that faulted before main ended fails the run either way (see <see cref="UnobservedTaskExceptions"/>).</summary>
    public LeftoverExceptionPolicy LeftoverTaskExceptions { get; set; } = LeftoverExceptionPolicy.Warn;

    /// <summary>The wall-clock instant the virtual clock starts at (UTC); fixed so that runs are reproducible.</summary>
    public DateTimeOffset ClockStart { get; set; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The seed of the loop's <see cref="AsynkitLoop.Random"/> in a plain run (default 0); under exploration every schedule
    /// gets its own seed instead, and its replay token records it.</summary>
    public int RandomSeed { get; set; }

    /// <summary>The step from which the run's schedule is fair (the explorer's fair bound; 0 for a plain run, whose FIFO order is
    /// fair from the start): liveness bounds count only the steps and the time after it.</summary>
    internal long FairFromStep { get; set; }

    /// <summary>A copy of these options (the explorer gives each exploration its own).</summary>
    internal LoopOptions Clone() => (LoopOptions)MemberwiseClone();

    internal LoopOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxSteps, nameof(MaxSteps));
        ThrowIfNegativeSpan(MaxVirtualTime, nameof(MaxVirtualTime));
        ThrowIfNegativeSpan(WallClockTimeout, nameof(WallClockTimeout));
        if (!Enum.IsDefined(Escapes))
        {
            throw new ArgumentOutOfRangeException(nameof(Escapes), Escapes, "Escapes must be EscapePolicy.Fail or EscapePolicy.Wait.");
        }

        return this;
    }

    private static void ThrowIfNegativeSpan(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative, or Timeout.InfiniteTimeSpan for no limit.");
        }
    }
}

/// <summary>What the loop does when work escapes to another thread.</summary>
public enum EscapePolicy
{
    /// <summary>Fail the run with <see cref="UncontrolledConcurrencyException"/> (the default).</summary>
    Fail,

    /// <summary>Accept the foreign work, wait for it when idle, and mark the run non-deterministic.</summary>
    Wait,
}

/// <summary>What the loop does with a task exception that nobody observed.</summary>
public enum UnobservedExceptionPolicy
{
    /// <summary>The run fails with the exception when the loop finishes (the default).</summary>
    Fail,

    /// <summary>The exception is ignored.</summary>
    Ignore,
}

/// <summary>What the loop does with tasks still unfinished when main returns.</summary>
public enum LeftoverTaskPolicy
{
    /// <summary>Cancel them and let them run to their end, as <c>asyncio.run</c> does (the default).</summary>
    Cancel,

    /// <summary>Fail the run, naming each leftover task and where it waits.</summary>
    Fail,
}
