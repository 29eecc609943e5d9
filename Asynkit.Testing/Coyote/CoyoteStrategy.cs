namespace Asynkit.Testing.Coyote;

/// <summary>Which of Coyote's exploration strategies picks the interleavings (Coyote's own names).</summary>
public enum CoyoteStrategy
{
    /// <summary>Coyote's fair portfolio: random, probabilistic, prioritization and delay-bounding in turn, one per iteration.</summary>
    Portfolio,

    /// <summary>Uniformly random choices.</summary>
    Random,

    /// <summary>Random choices that stay with the current operation with a high probability (the bound is the coin's level).</summary>
    Probabilistic,

    /// <summary>Random operation priorities with a bounded number of priority changes (PCT; the bound is the change count).</summary>
    Prioritization,

    /// <summary>Round-robin scheduling with a bounded number of random delays (the bound is the delay count).</summary>
    DelayBounding,
}
