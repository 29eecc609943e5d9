namespace Asynkit.Testing.Exploration;

/// <summary>Which strategy an exploration uses to choose among ready items and fault decisions.</summary>
public enum StrategyKind
{
    /// <summary><see cref="Fifo"/> when one schedule is asked for, <see cref="Portfolio"/> when more.</summary>
    Default,

    /// <summary>asyncio's order: always the head of the ready queue and the default option of every decision.</summary>
    Fifo,

    /// <summary>Uniformly random among the ready items (and among a decision's options), seeded per schedule.</summary>
    Random,

    /// <summary>Probabilistic concurrency testing (Burckhardt et al. 2010): random task priorities with depth-1 change points.</summary>
    Pct,

    /// <summary>Depth-first enumeration of every schedule, optionally within a preemption bound; reports full coverage.</summary>
    Exhaustive,

    /// <summary>Alternates Random and PCT at depths 1, 2 and 3 across schedules.</summary>
    Portfolio,

    /// <summary>Coyote's engine; run by Asynkit.Testing.Coyote, not by <see cref="Explorer"/>.</summary>
    Coyote,
}
