namespace Asynkit.Testing.Exploration;

/// <summary>asyncio's order: the head of the ready queue, the default option of every decision. One schedule only.</summary>
internal sealed class FifoStrategy : ExplorationStrategy
{
    private bool _begun;

    public override string Describe() => "Fifo";

    protected override bool OnBegin(int index, ulong seed)
    {
        if (_begun)
        {
            return false;
        }

        _begun = true;
        return true;
    }

    public override int Choose(in ChoicePoint point, ScheduleRecorder schedule) => 0;
}
