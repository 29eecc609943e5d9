namespace Asynkit.Testing.Exploration;

/// <summary>Schedule 0 in FIFO order (it calibrates PCT), then Random, PCT depth 1, PCT depth 2, PCT depth 3, in turn.</summary>
internal sealed class PortfolioStrategy : ExplorationStrategy
{
    private readonly RandomStrategy _random = new();
    private readonly PctStrategy[] _pct = [new(1), new(2), new(3)];
    private ExplorationStrategy _current;

    public PortfolioStrategy() => _current = _pct[0];

    public override bool NeedsCalibration => true;

    public override bool ObservesSteps => true;

    public override string Describe() => _current.Describe();

    public override void Calibrate(long steps)
    {
        foreach (PctStrategy pct in _pct)
        {
            pct.Calibrate(steps);
        }
    }

    public override bool Begin(int index, ulong seed)
    {
        int slot = index == 0 ? 1 : (index - 1) % 4;
        _current = slot == 0 ? _random : _pct[slot - 1];
        return _current.Begin(index, seed);
    }

    public override int Choose(in ChoicePoint point, ScheduleRecorder schedule) => _current.Choose(point, schedule);

    public override void OnStep(long step, LoopTask? owner)
    {
        if (_current.ObservesSteps)
        {
            _current.OnStep(step, owner);
        }
    }
}
