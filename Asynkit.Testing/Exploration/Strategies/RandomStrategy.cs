namespace Asynkit.Testing.Exploration;

/// <summary>Uniformly random among the ready items and among a decision's options, seeded per schedule.</summary>
internal sealed class RandomStrategy : ExplorationStrategy
{
    private ScheduleRandom _random;

    public override string Describe() => "Random";

    public override bool RerunsFromSeed => true;

    protected override bool OnBegin(int index, ulong seed)
    {
        _random = new ScheduleRandom(seed);
        return true;
    }

    public override int Choose(in ChoicePoint point, ScheduleRecorder schedule) => _random.Next(point.Count);
}
