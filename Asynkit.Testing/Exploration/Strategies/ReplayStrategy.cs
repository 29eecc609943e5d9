namespace Asynkit.Testing.Exploration;

/// <summary>Replays a recorded schedule exactly, and reports the first place where the program no longer matches it.</summary>
/// <remarks>Each choice must meet the same kind and number of options, and a ready choice must run the same task, as when it
/// was recorded; at the end the run must have made every recorded choice and taken the recorded number of steps. A mismatch
/// is a <see cref="ScheduleDivergedException"/> (the code changed), or, when checking determinism, a
/// <see cref="NondeterminismException"/>. A lenient replay (a regression test: the token was kept after the bug was fixed) does
/// not fail at a mismatch: it notes where the run left the recorded schedule (<see cref="Departure"/>) and goes on in FIFO order.</remarks>
internal sealed class ReplayStrategy : ExplorationStrategy
{
    private readonly ChoiceRecord[] _choices;
    private readonly long _steps;
    private readonly bool _determinismCheck;
    private readonly bool _lenient;
    private int _next;

    /// <param name="schedule">The schedule to follow.</param>
    /// <param name="determinismCheck">A mismatch is a <see cref="NondeterminismException"/>, not a divergence.</param>
    /// <param name="lenient">A mismatch is noted in <see cref="Departure"/> and the run goes on in FIFO order.</param>
    public ReplayStrategy(RecordedSchedule schedule, bool determinismCheck = false, bool lenient = false)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _choices = schedule.Choices;
        _steps = schedule.Steps;
        _determinismCheck = determinismCheck;
        LoopRandomSeed = schedule.RandomSeed;
        _lenient = lenient && !determinismCheck;
    }

    /// <summary>For a lenient replay that left the recorded schedule: where and how, as a warning; null while it follows it.</summary>
    public string? Departure { get; private set; }

    public override string Describe() => _determinismCheck ? "Repeat (determinism check)" : "Replay";

    protected override bool OnBegin(int index, ulong seed)
    {
        _next = 0;
        Departure = null;
        return true;
    }

    public override int Choose(in ChoicePoint point, ScheduleRecorder schedule)
    {
        if (Departure is not null)
        {
            return 0;
        }

        long step = point.Kind == ChoiceKind.Ready ? point.Step + 1 : point.Step;
        if (_next >= _choices.Length)
        {
            string what = point.Kind == ChoiceKind.Ready ? $"a choice among {point.Count} ready items" : $"decision '{point.Label}' among {point.Count} options";
            return Diverge(schedule, step, $"the recorded schedule ends after {_choices.Length} choice(s), but the program now reaches another one: {what}");
        }

        ChoiceRecord recorded = _choices[_next];
        if (recorded.Kind != point.Kind)
        {
            string now = point.Kind == ChoiceKind.Ready ? $"a choice among {point.Count} ready items" : $"decision '{point.Label}' among {point.Count} options";
            string then = recorded.Kind == ChoiceKind.Ready ? "a ready-queue choice" : "a decision";
            return Diverge(schedule, step, $"expected {then} (choice {_next + 1}, recorded index {recorded.Chosen}), but the program now asks for {now}");
        }

        if (recorded.Count != point.Count)
        {
            string items = point.Kind == ChoiceKind.Ready ? "ready items" : $"options of decision '{point.Label}'";
            return Diverge(schedule, step, $"expected a choice among {recorded.Count} {items}, recorded index {recorded.Chosen}, but {point.Count} are offered now (choice {_next + 1})");
        }

        if (point.Kind == ChoiceKind.Ready)
        {
            LoopTask? owner = point.Loop.OwnerAt(recorded.Chosen);
            int ownerId = owner?.Id ?? 0;
            if (ownerId != recorded.OwnerId)
            {
                string now = owner is null ? "a plain callback" : $"task '{owner.Name}' (#{owner.Id})";
                string then = recorded.OwnerId == 0 ? "a plain callback" : $"task #{recorded.OwnerId}";
                return Diverge(schedule, step, $"recorded index {recorded.Chosen} of {recorded.Count} ready items ran {then}, but that item belongs to {now} now (choice {_next + 1})");
            }
        }

        _next++;
        return recorded.Chosen;
    }

    public override void End(ScheduleRecorder schedule, Exception? outcome)
    {
        if (schedule.Divergence is not null || Departure is not null)
        {
            return;
        }

        if (_next < _choices.Length)
        {
            Left(schedule, schedule.Steps, $"the program finished after {_next} of the {_choices.Length} recorded choices");
        }
        else if (schedule.Steps != _steps && _steps > 0)
        {
            Left(schedule, Math.Min(schedule.Steps, _steps) + 1, $"every recorded choice matched, but the run took {schedule.Steps} steps where the recorded schedule took {_steps}");
        }
    }

    /// <summary>A mismatch at a choice: a lenient replay notes it and takes the head (FIFO); a strict one throws.</summary>
    private int Diverge(ScheduleRecorder schedule, long step, string detail)
    {
        if (!Left(schedule, step, detail))
        {
            throw schedule.Divergence!;
        }

        return 0;
    }

    /// <summary>Notes that the run left the recorded schedule: true when a lenient replay only noted it, false when it recorded
    /// the divergence (or nondeterminism) as the run's failure.</summary>
    private bool Left(ScheduleRecorder schedule, long step, string detail)
    {
        if (_lenient)
        {
            Departure = $"the recorded schedule no longer exists (the code changed since the token was recorded): the run left it at step {step} ({detail}), and from there ran in FIFO order; explore again for a new token, or keep this replay as a regression test";
            return true;
        }

        Exception error = _determinismCheck
            ? new NondeterminismException($"uncontrolled nondeterminism: the same schedule ran differently the second time: at step {step}: {detail}. {NondeterminismException.Causes}")
            : new ScheduleDivergedException($"schedule diverged at step {step}: {detail}. The replay token no longer matches the code under test (it changed since the token was recorded, or the test is not deterministic); explore again to get a new token.", step);
        schedule.Diverge(error);
        return false;
    }
}
