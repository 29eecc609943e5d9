namespace Asynkit.Testing.Exploration;

/// <summary>Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010), fair after a bound.</summary>
/// <remarks>
/// Every task gets a random priority when first seen; the ready item of the highest-priority task runs (its first item when it
/// has several). At depth-1 change points, drawn uniformly over the estimated step count, the task running that step drops
/// below every initial priority. A bug of depth d among n tasks and k steps shows with probability at least 1/(n*k^(d-1)) per
/// schedule. Schedule 0 runs in FIFO order; its step count is the estimate k. A plain callback is its own pseudo-task, keyed by
/// its state: each timer firing (and each CallSoon) gets its own priority, so timers due at the same instant fire in every
/// order. Decisions are uniformly random.
/// <para>From step <c>fairAfter</c> on, every ready choice is uniformly random, as Coyote's fair strategies switch to random
/// scheduling after a step bound: a task that polls (<c>while (!done) await Task.Yield();</c>) for a lower-priority one then
/// lets it run, instead of starving it into a false livelock, while a real livelock still runs into the step budget.</para>
/// </remarks>
internal sealed class PctStrategy : ExplorationStrategy
{
    private const long Unassigned = long.MinValue;

    private readonly int _depth;
    private readonly long _fairAfter;
    private readonly long[] _changePoints;
    private readonly List<long> _priorities = [];
    private readonly Dictionary<object, long> _callbackPriorities = new(ReferenceEqualityComparer.Instance);
    private ScheduleRandom _random;
    private long _stepEstimate;
    private int _nextChange;
    private bool _fifo;

    /// <param name="depth">PCT's d: d-1 change points.</param>
    /// <param name="fairAfter">The number of steps after which every choice is fair (uniformly random).</param>
    public PctStrategy(int depth, long fairAfter = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _depth = depth;
        _fairAfter = fairAfter;
        _changePoints = new long[depth - 1];
    }

    public int Depth => _depth;

    public override bool NeedsCalibration => true;

    public override bool ObservesSteps => true;

    public override string Describe() => _fifo ? "FIFO (asyncio order; calibrates PCT)" : $"PCT depth {_depth}";

    public override bool RerunsFromSeed => true;

    public override void Calibrate(long steps) => _stepEstimate = Math.Max(1, steps);

    protected override bool OnBegin(int index, ulong seed)
    {
        _fifo = index == 0 || _stepEstimate == 0;
        _priorities.Clear();
        _callbackPriorities.Clear();
        _nextChange = 0;
        if (_fifo)
        {
            return true;
        }

        _random = new ScheduleRandom(seed);
        for (int i = 0; i < _changePoints.Length; i++)
        {
            _changePoints[i] = _random.NextInRange(_stepEstimate);
        }

        Array.Sort(_changePoints);
        return true;
    }

    public override int Choose(in ChoicePoint point, ScheduleRecorder schedule)
    {
        if (_fifo)
        {
            return 0;
        }

        if (point.Kind == ChoiceKind.Decision || point.Step >= _fairAfter)
        {
            return _random.Next(point.Count);
        }

        AsynkitLoop loop = point.Loop;
        int best = 0;
        long bestPriority = long.MinValue;
        for (int i = 0; i < point.Count; i++)
        {
            long priority = PriorityOf(loop.OwnerAt(i), loop, i);
            if (priority > bestPriority)
            {
                bestPriority = priority;
                best = i;
            }
        }

        return best;
    }

    public override void OnStep(long step, LoopTask? owner, object? state)
    {
        while (!_fifo && _nextChange < _changePoints.Length && _changePoints[_nextChange] <= step)
        {
            // Change point i (1-based) gets priority i - d: below every initial priority, later points above earlier ones.
            long lowered = _nextChange + 1 - _depth;
            if (owner is not null || state is null)
            {
                int id = owner?.Id ?? 0;
                Slot(id);
                _priorities[id] = lowered;
            }
            else
            {
                _callbackPriorities[state] = lowered;
            }

            _nextChange++;
        }
    }

    private long PriorityOf(LoopTask? owner, AsynkitLoop loop, int index)
    {
        if (owner is null && loop.StateAt(index) is { } state)
        {
            if (!_callbackPriorities.TryGetValue(state, out long priority))
            {
                priority = Draw();
                _callbackPriorities[state] = priority;
            }

            return priority;
        }

        int id = owner?.Id ?? 0;
        Slot(id);
        long assigned = _priorities[id];
        if (assigned == Unassigned)
        {
            assigned = Draw();
            _priorities[id] = assigned;
        }

        return assigned;
    }

    private void Slot(int id)
    {
        while (_priorities.Count <= id)
        {
            _priorities.Add(Unassigned);
        }
    }

    /// <summary>Non-negative and distinct with overwhelming probability: a uniformly random order of the tasks.</summary>
    private long Draw() => (long)(_random.NextUInt64() >> 2);
}
