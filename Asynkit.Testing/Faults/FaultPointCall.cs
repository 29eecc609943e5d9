namespace Asynkit.Testing.Faults;

/// <summary>One call of a fault point: which point, the how-manieth call of it in this run, and the session (run) it belongs to.</summary>
/// <param name="Point">The fault point's name, as passed to <see cref="FaultPoints.Point"/>.</param>
/// <param name="Call">The number of this call to that point in the current run, from 1.</param>
/// <param name="Session">The session of the current run: the loop, and what was injected so far.</param>
public readonly record struct FaultPointCall(string Point, int Call, FaultSession Session)
{
    /// <summary>The loop the call runs on.</summary>
    public AsynkitLoop Loop => Session.Loop;

    /// <summary>How many faults the session injected before this call (at any point).</summary>
    public int FaultsInjected => Session.Injections.Count;

    /// <inheritdoc />
    public override string ToString() => $"{Point} #{Call}";
}
