namespace Asynkit.Testing;

/// <summary>The value every piece of a loop's code carries in its ExecutionContext while the loop runs: how thread-pool work
/// that loop code queued is recognised when a pool thread starts running it.</summary>
/// <remarks>One marker per run, set once on the loop thread when the run starts, so every ExecutionContext the run creates holds
/// the same value and switching between tasks' contexts on the loop thread triggers no change notification; work an earlier run
/// left behind carries that run's marker, which is no longer the loop's.</remarks>
internal sealed class LoopMarker(AsynkitLoop loop)
{
    internal AsynkitLoop Loop { get; } = loop;

    public override string ToString() => "AsynkitLoop marker";
}
