namespace Asynkit.Testing.Exploration;

/// <summary>The base of the explorer's strategies: one schedule at a time, choices made through a <see cref="ScheduleRecorder"/>.</summary>
/// <remarks>A strategy sees schedules in order, each starting with <see cref="Begin"/>; the seed of schedule i derives from
/// (exploration seed, i) only, so any one schedule can be rerun alone.</remarks>
internal abstract class ExplorationStrategy
{
    /// <summary>What the current schedule runs, for reports ("PCT depth 2").</summary>
    public abstract string Describe();

    private (int Index, ulong Seed)? _begun;

    /// <summary>Prepares schedule <paramref name="index"/> (0-based) with its own seed; false when no schedule is left.</summary>
    public bool Begin(int index, ulong seed)
    {
        _begun = (index, seed);
        return OnBegin(index, seed);
    }

    /// <summary>What <see cref="Begin"/> does for this strategy.</summary>
    protected abstract bool OnBegin(int index, ulong seed);

    /// <summary>True when the current schedule can be started again from its beginning, to make the same choices (after a run the
    /// loop could not keep to its schedule: <see cref="AsynkitLoop.IdCollisionSeen"/>). False for exhaustive search, whose
    /// <see cref="Begin"/> moves on to the next path, and for Coyote's generator.</summary>
    public virtual bool CanRestart => _begun is not null;

    /// <summary>Starts the current schedule again from its beginning (<see cref="CanRestart"/>).</summary>
    public void Restart()
    {
        (int index, ulong seed) = _begun ?? throw new InvalidOperationException("No schedule has begun.");
        OnBegin(index, seed);
    }

    /// <summary>Chooses an option at <paramref name="point"/>; <paramref name="schedule"/> knows the schedule so far.</summary>
    public abstract int Choose(in ChoicePoint point, ScheduleRecorder schedule);

    /// <summary>The seed of the loop's <see cref="AsynkitLoop.Random"/> in the current schedule, set by whoever begins it (the
    /// driver from the schedule's own seed, a replay from its token); null lets the runner pick one.</summary>
    public uint? LoopRandomSeed { get; set; }

    /// <summary>True when every schedule draws <see cref="AsynkitLoop.Random"/> from the same seed: exhaustive search replays
    /// prefixes of earlier schedules, and a draw that changed between them would look like nondeterminism.</summary>
    public virtual bool FixedLoopRandom => false;

    /// <summary>True when <see cref="OnStep"/> must be called for every step (PCT's change points).</summary>
    public virtual bool ObservesSteps => false;

    /// <summary>True when the choices of schedule (index, seed) are a function of <see cref="Begin"/>'s arguments (and the
    /// calibration) alone: Begin with them again and the schedule runs again. Then a schedule runs without a record of its
    /// choices, and only a failing one is run again, recorded, for its token.</summary>
    public virtual bool RerunsFromSeed => false;

    /// <summary>Schedule 0 runs in FIFO order and its step count calibrates the strategy (PCT's step estimate).</summary>
    public virtual bool NeedsCalibration => false;

    /// <summary>True once every schedule was enumerated (Exhaustive only): a proof that no schedule fails within the bound.</summary>
    public virtual bool CoveredAll => false;

    /// <summary>Called before each step runs, when <see cref="ObservesSteps"/> is true: its task, or for a plain callback
    /// (<paramref name="owner"/> null) its state.</summary>
    public virtual void OnStep(long step, LoopTask? owner, object? state)
    {
    }

    /// <summary>Called when the current schedule's run has ended; <paramref name="outcome"/> is how it ended (null: it passed).</summary>
    public virtual void End(ScheduleRecorder schedule, Exception? outcome)
    {
    }

    /// <summary>Receives the step count of the FIFO calibration schedule.</summary>
    public virtual void Calibrate(long steps)
    {
    }
}
