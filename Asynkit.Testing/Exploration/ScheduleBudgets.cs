namespace Asynkit.Testing.Exploration;

/// <summary>The budgets that change what a schedule does (the step at which a livelock fails, the virtual time at which a
/// runaway clock does): the ones a schedule ran under, or those a replay token records (null: not recorded).</summary>
/// <param name="MaxSteps">LoopOptions.MaxSteps of the run (0: no limit), or null.</param>
/// <param name="MaxVirtualTime">LoopOptions.MaxVirtualTime of the run, or null.</param>
/// <param name="FairFromStep">The step from which the schedule was fair (liveness step bounds count from it), or null.</param>
internal readonly record struct ScheduleBudgets(long? MaxSteps, TimeSpan? MaxVirtualTime, long? FairFromStep = null)
{
    /// <summary>The step budget of an exploration that sets none: a token records MaxSteps only when it differs.</summary>
    public const long DefaultMaxSteps = TestSettings.DefaultExplorationSteps;

    /// <summary>The virtual-time budget of a loop that sets none: a token records MaxVirtualTime only when it differs.</summary>
    public static readonly TimeSpan DefaultMaxVirtualTime = new LoopOptions().MaxVirtualTime;

    /// <summary>The budgets of <paramref name="options"/>.</summary>
    public static ScheduleBudgets Of(LoopOptions options) => new(options.MaxSteps, options.MaxVirtualTime, options.FairFromStep);

    /// <summary>The fair bound of an exploration with step budget <paramref name="maxSteps"/> that sets no FairAfterSteps.</summary>
    public static long DefaultFairFromStep(long maxSteps) => Math.Max(1, maxSteps / 10);

    /// <summary>True when a token must record <see cref="MaxSteps"/>.</summary>
    public bool RecordsMaxSteps => MaxSteps is { } steps && steps != DefaultMaxSteps;

    /// <summary>True when a token must record <see cref="MaxVirtualTime"/>.</summary>
    public bool RecordsMaxVirtualTime => MaxVirtualTime is { } time && time != DefaultMaxVirtualTime;

    /// <summary>True when a token must record <see cref="FairFromStep"/>: it is not the default for the step budget.</summary>
    public bool RecordsFairFromStep => FairFromStep is { } fair && fair != DefaultFairFromStep(MaxSteps ?? DefaultMaxSteps);
}
