namespace Asynkit.Testing.Exploration;

/// <summary>How a test runs: one FIFO run, an exploration, or the replay of one schedule (the xunit trait's values).</summary>
internal enum TestMode
{
    /// <summary>One deterministic run in asyncio (FIFO) order: a scripted-interleaving test.</summary>
    Fifo,

    /// <summary>Many schedules (Iterations &gt; 1, or a Strategy other than FIFO); the ASYNKIT_* variables apply.</summary>
    Exploration,

    /// <summary>Exactly the schedule of a replay token.</summary>
    Replay,
}
