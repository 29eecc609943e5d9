namespace Asynkit.Testing;

/// <summary>An invariant registered with <see cref="AsynkitLoop.AddInvariant"/>: checked after every step, it fails the run at
/// the first step after which it does not hold.</summary>
internal sealed class StepInvariant : LoopCheck, IDisposable
{
    private readonly AsynkitLoop _loop;
    private readonly string _name;
    private readonly Func<bool> _holds;

    public StepInvariant(AsynkitLoop loop, string name, Func<bool> holds)
    {
        _loop = loop;
        _name = name;
        _holds = holds;
    }

    public override Exception? AfterStep(AsynkitLoop loop, long step, LoopTask? owner)
    {
        Exception? thrown = null;
        try
        {
            if (_holds())
            {
                return null;
            }
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        return StepInvariantException.Broken(_name, step, loop.Clock.Elapsed, owner, thrown);
    }

    public void Dispose() => _loop.RemoveCheck(this);
}
