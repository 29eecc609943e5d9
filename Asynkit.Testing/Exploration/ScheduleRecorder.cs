using System.Runtime.InteropServices;

namespace Asynkit.Testing.Exploration;

/// <summary>Sits between the loop and an exploration strategy: passes choices through, records them, counts preemptions and
/// non-default choices, fingerprints the steps, and feeds a trace when one is wanted.</summary>
/// <remarks>One instance is reused for every schedule of an exploration (<see cref="Reset"/>), so a schedule costs no more
/// than its choices. While a schedule runs, its strategy may ask about the schedule so far; when the run ends,
/// <see cref="ToRun"/> turns what was recorded into a <see cref="ScheduleRun"/> value, which is all anyone else reads.</remarks>
internal sealed class ScheduleRecorder : IScheduleStrategy, ILoopObserver
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private readonly List<ChoiceRecord> _choices = [];
    private ExplorationStrategy? _strategy;
    private AsynkitLoop? _loop;
    private TraceBuilder? _trace;
    private LoopTask? _previous;
    private ScheduleBudgets _budgets;
    private Exception? _divergence;
    private long _steps;
    private int _preemptions;
    private int _nonDefault;
    private ulong _choiceHash;
    private ulong _stepHash;
    private bool _observeSteps;
    // False while a schedule runs without a record of its choices (a strategy that RerunsFromSeed, untraced): only their
    // count, their hash and the non-default ones are kept; the preemption count, the token and the shrinking come from
    // running a failing schedule again, recorded.
    private bool _recording = true;
    private bool _observing = true;
    private int _choiceCount;

    /// <summary>Steps taken so far.</summary>
    public long Steps => _observing ? _steps : _loop?.StepCount ?? 0;

    /// <summary>Ready choices so far that switched away from a runnable task.</summary>
    public int Preemptions => _preemptions;

    /// <summary>The first divergence (replay mismatch or nondeterminism) seen in this schedule, or null.</summary>
    public Exception? Divergence => _divergence;

    public void Reset(ExplorationStrategy strategy, TraceBuilder? trace, bool recording = true)
    {
        _choices.Clear();
        _recording = recording || trace is not null || !strategy.RerunsFromSeed;
        _choiceCount = 0;
        _strategy = strategy;
        _observeSteps = strategy.ObservesSteps;
        _trace = trace;
        _loop = null;
        _previous = null;
        _divergence = null;
        _steps = 0;
        _preemptions = 0;
        _nonDefault = 0;
        _choiceHash = FnvOffset;
        _stepHash = FnvOffset;
    }

    public void Attach(AsynkitLoop loop)
    {
        _loop = loop;
        _budgets = ScheduleBudgets.Of(loop.Options);

        // An unrecorded schedule of a strategy that does not watch the steps needs nothing from them: the loop then calls no
        // observer at all (the step count comes from the loop).
        _observing = _recording || _observeSteps;
        loop.Observer = _observing ? this : null;
    }

    /// <summary>Records the first divergence; later ones are consequences of it.</summary>
    public void Diverge(Exception error) => _divergence ??= error;

    /// <summary>True when running the item at <paramref name="index"/> would preempt the task that ran the previous step.</summary>
    public bool WouldPreempt(AsynkitLoop loop, int index)
    {
        LoopTask? previous = _previous;
        return previous is not null && loop.OwnerAt(index) != previous && IsRunnable(previous);
    }

    /// <summary>The first ready position owned by the previous step's task when it is runnable, else -1.</summary>
    public int IndexOfPreviousTask(AsynkitLoop loop, int count)
    {
        LoopTask? previous = _previous;
        if (previous is null || !IsRunnable(previous))
        {
            return -1;
        }

        for (int i = 0; i < count; i++)
        {
            if (loop.OwnerAt(i) == previous)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Called after the run: lets the trace note the last task that finished.</summary>
    public void Complete() => _trace?.Complete(_steps);

    bool ILoopObserver.DescribesSteps => _trace is not null;

    /// <summary>The schedule that ran, as a value that no later run changes; a passing run keeps its choices only when
    /// <paramref name="keepSchedule"/> asks for them.</summary>
    public ScheduleRun ToRun(Exception? failure, bool keepSchedule)
    {
        _steps = Steps;
        RecordedSchedule? schedule = !_recording || (failure is null && !keepSchedule) ? null : new RecordedSchedule([.. _choices], _steps) { Budgets = _budgets, RandomSeed = _loop?.RandomSeedIfUsed };
        var size = new ScheduleSize(_steps, _choiceCount, _preemptions, _nonDefault);
        return new ScheduleRun(schedule, size, _choiceHash, _stepHash, failure, _trace?.Events) { Unrecorded = !_recording };
    }

    int IScheduleStrategy.Choose(in ChoicePoint point)
    {
        if (_divergence is not null)
        {
            // A replay that diverged must not go on running something else.
            throw _divergence;
        }

        int chosen = _strategy!.Choose(point, this);
        if ((uint)chosen >= (uint)point.Count)
        {
            return chosen; // the loop reports the strategy's mistake
        }

        _choiceCount++;
        if (_recording)
        {
            int ownerId = point.Kind == ChoiceKind.Ready ? point.Loop.OwnerAt(chosen)?.Id ?? 0 : -1;
            _choices.Add(new ChoiceRecord(point.Kind, point.Count, chosen, ownerId));
        }

        if (chosen != 0)
        {
            _nonDefault++;
        }

        ulong kind = point.Kind == ChoiceKind.Ready ? 0UL : 1UL << 63;
        _choiceHash = (_choiceHash ^ kind ^ ((ulong)(uint)point.Count << 32) ^ (uint)chosen) * FnvPrime;
        return chosen;
    }

    void ILoopObserver.OnStep(long step, int index, int readyCount, LoopTask? owner, SendOrPostCallback callback, object? state)
    {
        LoopTask? previous = _previous;
        LoopTask? preempted = null;
        if (_recording && previous is not null && owner != previous && IsRunnable(previous))
        {
            // A step of another task (or a callback) runs while the previous step's task still has a ready item.
            preempted = previous;
            _preemptions++;
            Span<ChoiceRecord> choices = CollectionsMarshal.AsSpan(_choices);
            if (choices.Length > 0 && choices[^1].Kind == ChoiceKind.Ready)
            {
                choices[^1] = choices[^1] with { IsPreemption = true };
            }
        }

        if (_trace is { } trace)
        {
            // Which task ran, and which continuation (an async method's state machine box, or the callback's target): only the
            // determinism check reads it, and it compares traced runs, so an untraced run does not pay for it.
            object? target = state is Delegate d ? d.Target ?? d.Method : state;
            ulong what = target is null ? 0UL : (ulong)(uint)target.GetType().GetHashCode();
            _stepHash = (_stepHash ^ (uint)(owner?.Id ?? 0) ^ (what << 32)) * FnvPrime;
            trace.Step(step, _loop!.Clock.Elapsed.Ticks, owner, index, readyCount, preempted, previous, callback, state);
        }

        _previous = owner;
        _steps = step;
        if (_observeSteps)
        {
            _strategy!.OnStep(step, owner, state);
        }
    }

    void ILoopObserver.OnDecision(long step, string? label, int count, int chosen) => _trace?.Decision(step, label, count, chosen);

    void ILoopObserver.OnWake(object key, long step) => _trace?.Wake(key, step);

    void ILoopObserver.OnDeadlock(IReadOnlyList<(LoopTask Task, string WaitsAt)> blocked) => _trace?.Blocked(blocked);

    private static bool IsRunnable(LoopTask task) => task.ReadyRefs > 0 && !task.IsCompleted;
}
