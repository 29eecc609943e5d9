namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>How an Asynkit test runs; also its "Asynkit" trait, for CI filters such as <c>--filter Asynkit=Exploration</c>.</summary>
/// <remarks>The public face of the core's TestMode: the same names and values.</remarks>
public enum AsynkitMode
{
    /// <summary>One deterministic run in asyncio (FIFO) order: a scripted-interleaving test.</summary>
    Fifo,

    /// <summary>Many schedules (Iterations &gt; 1, or a Strategy other than FIFO); ASYNKIT_ITERATIONS, ASYNKIT_SEED and ASYNKIT_SHARD apply.</summary>
    Exploration,

    /// <summary>Exactly the schedule of a replay token.</summary>
    Replay,
}
