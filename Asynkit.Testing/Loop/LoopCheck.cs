namespace Asynkit.Testing;

/// <summary>A check the loop runs after every step, and once when main has completed: the seam through which step invariants
/// (<see cref="AsynkitLoop.AddInvariant"/>) and the oracles above the loop (liveness monitors) watch a run.</summary>
/// <remarks>A check that returns an exception fails the run with it, right after the step that broke it. Registered with
/// <see cref="AsynkitLoop.AddCheck"/>; while none is, the step path pays one null check (docs/architecture.md).</remarks>
internal abstract class LoopCheck
{
    /// <summary>Called on the loop's thread after step <paramref name="step"/>, whose item belonged to <paramref name="owner"/>
    /// (null: a plain callback); returns the run's failure, or null when the check holds.</summary>
    /// <remarks>A thread-pool turn is a step like any other; a turn the loop ran while a step waited synchronously for it is
    /// part of that step, so the check runs when the outer step ends.</remarks>
    public virtual Exception? AfterStep(AsynkitLoop loop, long step, LoopTask? owner) => null;

    /// <summary>Called once when main has completed successfully, before leftover tasks are cancelled; returns the run's
    /// failure, or null.</summary>
    public virtual Exception? AtEndOfRun(AsynkitLoop loop) => null;
}
