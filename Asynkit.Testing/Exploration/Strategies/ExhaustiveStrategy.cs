namespace Asynkit.Testing.Exploration;

/// <summary>Depth-first enumeration of every schedule (ready choices and decisions), optionally within a preemption bound.</summary>
/// <remarks>
/// Each schedule replays the path to the deepest choice that still has an untried option, takes that option, and then the
/// first allowed option at every new choice. When the tree is exhausted, <see cref="CoveredAll"/> is true: no schedule within
/// the bound was left out. With a bound, options that would preempt a runnable task are allowed only while the schedule has
/// used fewer preemptions than the bound; from step <c>fairAfter</c> on, a schedule that has used them all goes on in FIFO order
/// (round robin, fair) instead of staying on the running task, which would starve a task that polls for another.
/// </remarks>
internal sealed class ExhaustiveStrategy : ExplorationStrategy
{
    private static readonly int[] s_headOnly = [0];

    private readonly int? _preemptionBound;
    private readonly long _fairAfter;
    private readonly List<Node> _path = [];
    private int _depth;
    private bool _started;
    private bool _covered;

    public ExhaustiveStrategy(int? preemptionBound, long fairAfter = long.MaxValue)
    {
        _preemptionBound = preemptionBound;
        _fairAfter = fairAfter;
    }

    public override bool CoveredAll => _covered;

    public override bool FixedLoopRandom => true;

    public override string Describe() => _preemptionBound is { } bound ? $"Exhaustive (preemption bound {bound})" : "Exhaustive";

    public override bool CanRestart => false;

    protected override bool OnBegin(int index, ulong seed)
    {
        if (_covered)
        {
            return false;
        }

        if (_started && !Backtrack())
        {
            _covered = true;
            return false;
        }

        _started = true;
        _depth = 0;
        return true;
    }

    public override int Choose(in ChoicePoint point, ScheduleRecorder schedule)
    {
        if (_depth < _path.Count)
        {
            Node node = _path[_depth];
            if (node.Kind != point.Kind || node.Count != point.Count)
            {
                schedule.Diverge(new NondeterminismException(
                    $"uncontrolled nondeterminism: exhaustive search replayed the same choices, but choice {_depth + 1} (step {point.Step + 1}) now offers {Options(point.Kind, point.Count)} where an earlier run offered {Options(node.Kind, node.Count)}. {NondeterminismException.Causes}"));
                return 0;
            }

            _depth++;
            return node.Chosen;
        }

        Node fresh = new(point.Kind, point.Count, AllowedOptions(point, schedule));
        _path.Add(fresh);
        _depth++;
        return fresh.Chosen;
    }

    public override void End(ScheduleRecorder schedule, Exception? outcome)
    {
        if (_depth < _path.Count && schedule.Divergence is null && outcome is not NondeterminismException)
        {
            // The run stopped before the choice it was sent to explore: the rest of that path cannot be replayed.
            schedule.Diverge(new NondeterminismException(
                $"uncontrolled nondeterminism: exhaustive search replayed {_depth} choice(s) of a path of {_path.Count}, but the run ended after {schedule.Steps} steps without reaching the rest. {NondeterminismException.Causes}"));
        }

        if (_depth < _path.Count)
        {
            _path.RemoveRange(_depth, _path.Count - _depth);
        }
    }

    private static string Options(ChoiceKind kind, int count) => kind == ChoiceKind.Ready ? $"{count} ready items" : $"a decision among {count} options";

    private int[]? AllowedOptions(in ChoicePoint point, ScheduleRecorder schedule)
    {
        if (point.Kind != ChoiceKind.Ready || _preemptionBound is not { } bound || schedule.Preemptions < bound)
        {
            return null;
        }

        if (point.Step >= _fairAfter)
        {
            return s_headOnly;
        }

        // At the bound: only options that do not preempt the task that ran the previous step.
        var allowed = new List<int>(point.Count);
        for (int i = 0; i < point.Count; i++)
        {
            if (!schedule.WouldPreempt(point.Loop, i))
            {
                allowed.Add(i);
            }
        }

        return [.. allowed];
    }

    private bool Backtrack()
    {
        while (_path.Count > 0)
        {
            Node last = _path[^1];
            if (last.Position + 1 < last.OptionCount)
            {
                _path[^1] = last with { Position = last.Position + 1 };
                return true;
            }

            _path.RemoveAt(_path.Count - 1);
        }

        return false;
    }

    /// <summary>A choice on the current path: its options (null = all of 0..Count-1) and which of them is being tried.</summary>
    private readonly record struct Node(ChoiceKind Kind, int Count, int[]? Allowed, int Position = 0)
    {
        public int OptionCount => Allowed?.Length ?? Count;

        public int Chosen => Allowed is null ? Position : Allowed[Position];
    }
}
