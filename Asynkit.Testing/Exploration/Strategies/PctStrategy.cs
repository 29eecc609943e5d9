namespace Asynkit.Testing.Exploration;

/// <summary>Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010).</summary>
/// <remarks>
/// Every task gets a random priority when first seen; the ready item of the highest-priority task runs (its first item when it
/// has several). At depth-1 change points, drawn uniformly over the estimated step count, the task running that step drops
/// below every initial priority. A bug of depth d among n tasks and k steps shows with probability at least 1/(n*k^(d-1)) per
/// schedule. Schedule 0 runs in FIFO order; its step count is the estimate k. Plain callbacks (timer firings, CallSoon) share
/// one pseudo-task. Decisions are uniformly random.
/// </remarks>
internal sealed class PctStrategy : ExplorationStrategy
{
    private const long Unassigned = long.MinValue;

    private readonly int _depth;
    private readonly long[] _changePoints;
    private readonly List<long> _priorities = [];
    private ScheduleRandom _random;
    private long _stepEstimate;
    private int _nextChange;
    private bool _fifo;

    public PctStrategy(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        _depth = depth;
        _changePoints = new long[depth - 1];
    }

    public int Depth => _depth;

    public override bool NeedsCalibration => true;

    public override bool ObservesSteps => true;

    public override string Describe() => _fifo ? "FIFO (asyncio order; calibrates PCT)" : $"PCT depth {_depth}";

    public override void Calibrate(long steps) => _stepEstimate = Math.Max(1, steps);

    public override bool Begin(int index, ulong seed)
    {
        _fifo = index == 0 || _stepEstimate == 0;
        _priorities.Clear();
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

        if (point.Kind == ChoiceKind.Decision)
        {
            return _random.Next(point.Count);
        }

        AsynkitLoop loop = point.Loop;
        int best = 0;
        long bestPriority = long.MinValue;
        for (int i = 0; i < point.Count; i++)
        {
            long priority = PriorityOf(loop.OwnerAt(i)?.Id ?? 0);
            if (priority > bestPriority)
            {
                bestPriority = priority;
                best = i;
            }
        }

        return best;
    }

    public override void OnStep(long step, LoopTask? owner)
    {
        while (!_fifo && _nextChange < _changePoints.Length && _changePoints[_nextChange] <= step)
        {
            // Change point i (1-based) gets priority i - d: below every initial priority, later points above earlier ones.
            int id = owner?.Id ?? 0;
            PriorityOf(id);
            _priorities[id] = _nextChange + 1 - _depth;
            _nextChange++;
        }
    }

    private long PriorityOf(int id)
    {
        while (_priorities.Count <= id)
        {
            _priorities.Add(Unassigned);
        }

        long priority = _priorities[id];
        if (priority == Unassigned)
        {
            // Non-negative and distinct with overwhelming probability: a uniformly random order of the tasks.
            priority = (long)(_random.NextUInt64() >> 2);
            _priorities[id] = priority;
        }

        return priority;
    }
}
