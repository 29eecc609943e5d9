namespace Asynkit.Testing;

/// <summary>Stands in for the first step of a task that has not started, once an interrupt reaches it: its wake fails the
/// task with the exception and the body never runs (asyncio: throwing into a coroutine that has not started).</summary>
internal sealed class UnstartedWait : LoopWait
{
    internal UnstartedWait(LoopTask owner)
        : base(owner)
    {
        Begin();
    }

    internal override Task Task => Owner.PromiseTask;

    protected override void Complete()
    {
        // Only ever settled by an interrupt: it is created to deliver one.
    }

    protected override void Fail(Exception exception) => Owner.FailUnstarted(exception);
}
