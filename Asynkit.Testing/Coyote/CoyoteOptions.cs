namespace Asynkit.Testing.Coyote;

/// <summary>Coyote-specific settings of <see cref="CoyoteExplorer"/>; iterations, seed, step budget, replay, shrinking and
/// report directory come from <see cref="Exploration.ExplorationOptions"/>.</summary>
public sealed record CoyoteOptions
{
    /// <summary>Coyote's exploration strategy (default: Coyote's fair portfolio).</summary>
    public CoyoteStrategy Strategy { get; init; } = CoyoteStrategy.Portfolio;

    /// <summary>The strategy's bound: Probabilistic's coin level, Prioritization's priority changes, DelayBounding's delays;
    /// null takes Coyote's default (3, 10, 10).</summary>
    public int? StrategyBound { get; init; }

    /// <summary>Where Coyote's log goes (an xunit test's output, for example); null discards it. Coyote never writes to stdout.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Log at Coyote's Info level (each iteration, the strategy, the bug) rather than only the essentials.</summary>
    public bool Verbose { get; init; }

    /// <summary>Where Coyote's trace files go; null uses ExplorationOptions.ReportDirectory, then the ASYNKIT_REPORT_DIR
    /// environment variable, then the temp directory's asynkit-coyote folder.</summary>
    public string? TraceDirectory { get; init; }

    /// <summary>Rewritten mode: what to do with calls <c>coyote rewrite</c> leaves uncontrolled (default: warn and run).</summary>
    public RewritingGapPolicy RewritingGaps { get; init; } = RewritingGapPolicy.Warn;

    /// <summary>Rewritten mode: let Coyote run code it does not control (its "partially controlled concurrency", the default),
    /// rather than report every uncontrolled call as a bug.</summary>
    public bool AllowUncontrolledConcurrency { get; init; } = true;
}
