namespace Asynkit.Testing.Exploration;

/// <summary>Schedule 0 in FIFO order (it calibrates PCT), then a cycle of six: Random, PCT depth 3, Random, PCT depth 1, Random,
/// PCT depth 2.</summary>
/// <remarks>Half the schedules are random walks: over the bug catalogue a random schedule hits the bug 1.5 to 3 times as often as
/// a PCT schedule of any depth (docs/exploration.md has the table), and it is the cheaper of the two. PCT keeps the other half
/// for what random walks find only rarely: depth 1 for a task that runs to completion before another starts at all, and the
/// depth-bounded guarantee on long runs, where the odds of a random walk fall with every step.</remarks>
internal sealed class PortfolioStrategy : ExplorationStrategy
{
    /// <summary>The cycle after the FIFO schedule: 0 is Random, d is PCT depth d.</summary>
    private static readonly int[] s_cycle = [0, 3, 0, 1, 0, 2];

    private readonly RandomStrategy _random = new();
    private readonly PctStrategy[] _pct;
    private ExplorationStrategy _current;

    /// <param name="fairAfter">The step from which PCT schedules choose fairly (see <see cref="PctStrategy"/>).</param>
    public PortfolioStrategy(long fairAfter)
    {
        _pct = [new(1, fairAfter), new(2, fairAfter), new(3, fairAfter)];
        _current = _pct[0];
    }

    public override bool NeedsCalibration => true;

    public override bool ObservesSteps => true;

    public override string Describe() => _current.Describe();

    public override bool RerunsFromSeed => true;

    public override void Calibrate(long steps)
    {
        foreach (PctStrategy pct in _pct)
        {
            pct.Calibrate(steps);
        }
    }

    protected override bool OnBegin(int index, ulong seed)
    {
        _current = index == 0 ? _pct[0] : s_cycle[(index - 1) % s_cycle.Length] switch
        {
            0 => _random,
            int depth => _pct[depth - 1],
        };
        return _current.Begin(index, seed);
    }

    public override int Choose(in ChoicePoint point, ScheduleRecorder schedule) => _current.Choose(point, schedule);

    public override void OnStep(long step, LoopTask? owner, object? state)
    {
        if (_current.ObservesSteps)
        {
            _current.OnStep(step, owner, state);
        }
    }
}
