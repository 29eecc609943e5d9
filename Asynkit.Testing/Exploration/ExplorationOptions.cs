namespace Asynkit.Testing.Exploration;

/// <summary>How <see cref="Explorer.Explore"/> searches the schedules of a test.</summary>
public sealed record ExplorationOptions
{
    /// <summary>The most schedules to run (default 1000); exhaustive search stops earlier when it has covered every schedule.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>The strategy; <see cref="StrategyKind.Default"/> is FIFO for one iteration and Portfolio for more.</summary>
    public StrategyKind Strategy { get; init; } = StrategyKind.Default;

    /// <summary>The exploration's seed; schedule i's seed derives from (Seed, i). Null derives it from the exploration's name (a stable hash), so runs repeat; the result reports the seed used.</summary>
    public int? Seed { get; init; }

    /// <summary>PCT's depth d: d-1 priority change points per schedule (default 3). Portfolio uses depths 1 to 3 regardless.</summary>
    public int PctDepth { get; init; } = TestSettings.DefaultPctDepth;

    /// <summary>Each schedule's step budget (LoopOptions.MaxSteps): a schedule that takes more fails as a livelock.</summary>
    public int MaxSteps { get; init; } = TestSettings.DefaultExplorationSteps;

    /// <summary>After this many steps of a schedule, the priority strategies (PCT, in Portfolio too) choose fairly, uniformly among
    /// the ready items, as Coyote's fair strategies do, and a preemption-bounded Exhaustive search goes on in FIFO order: a task
    /// that polls for a low-priority task is then not starved into a false livelock, while a real livelock still fails at
    /// <see cref="MaxSteps"/>. Null (the default) is a tenth of MaxSteps (10,000 steps with the default budget).</summary>
    public int? FairAfterSteps { get; init; }

    /// <summary>A replay token: run exactly that schedule instead of exploring.</summary>
    public string? Replay { get; init; }

    /// <summary>With <see cref="Replay"/>: fail with <see cref="ScheduleDivergedException"/> when the program no longer makes the
    /// recorded choices. False (the default) replays a token as a regression test: the run follows the token as far as it matches,
    /// goes on in FIFO order, passes if nothing fails, and a warning says where it left the recorded schedule.</summary>
    public bool StrictReplay { get; init; }

    /// <summary>Shrink a failing schedule to fewer preemptions and non-default choices before reporting it (default true).</summary>
    public bool Shrink { get; init; } = true;

    /// <summary>How long shrinking may take (default 10 seconds).</summary>
    public TimeSpan ShrinkTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>For <see cref="StrategyKind.Exhaustive"/>: the most preemptions a schedule may have; null for no bound.</summary>
    public int? PreemptionBound { get; init; }

    /// <summary>Stop at the first failing schedule (default true); false counts every failing schedule and reports the first.</summary>
    public bool StopOnFirstFailure { get; init; } = true;

    /// <summary>Run every schedule twice and fail with <see cref="NondeterminismException"/> when the two runs differ.</summary>
    public bool CheckDeterminism { get; init; }

    /// <summary>The 1-based number of the first schedule to run (default 1): with the same seed, schedule i can be rerun alone.</summary>
    public int FirstSchedule { get; init; } = 1;

    /// <summary>A wall-clock budget for the whole exploration (shrinking excluded); null for none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Record a trace during every schedule (slower); normally only the failing schedule is traced, by replaying it.</summary>
    public bool TraceEverySchedule { get; init; }

    /// <summary>Where to write the HTML report of a failure; null uses the ASYNKIT_REPORT_DIR environment variable, if set.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>The test's name for reports and report file names; null uses the test delegate's method name.</summary>
    public string? Name { get; init; }

    /// <summary>Options for each schedule's loop (budgets, policies); its Strategy and MaxSteps are set by the explorer.</summary>
    public LoopOptions? LoopOptions { get; init; }

    /// <summary>The step from which schedules are fair: <see cref="FairAfterSteps"/>, or a tenth of <see cref="MaxSteps"/>.</summary>
    internal long FairBound => FairAfterSteps ?? ScheduleBudgets.DefaultFairFromStep(MaxSteps);

    /// <summary>How many threads run schedules at once, each schedule on its own loop (default 1). The result is the same as a
    /// serial run's: the lowest-numbered failing schedule, with the same token. Exhaustive search and FIFO run serially. The test
    /// delegate then runs on several threads at once: it must share no state between runs (it must not anyway). Test frameworks
    /// already run tests in parallel, so raise it for long hunts (<c>Environment.ProcessorCount</c>) rather than for every test.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Fail the exploration with <see cref="CoverageException"/> when, after every schedule passed, a label of
    /// <see cref="CoverageLabels"/> was never reached or a <see cref="Coverage.Sometimes"/> condition never held (default false:
    /// coverage is only reported).</summary>
    public bool RequireCoverage { get; init; }

    /// <summary>Coverage labels the exploration should reach, declared up front so that one no schedule ever evaluated is
    /// reported (and, with <see cref="RequireCoverage"/>, fails) too; null or empty declares none.</summary>
    public IReadOnlyList<string>? CoverageLabels { get; init; }

    /// <summary>Throws when an option is out of range; the message names it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">Exhaustive search is asked to start at a later schedule.</exception>
    internal static void Validate(ExplorationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Iterations, "ExplorationOptions.Iterations must be at least 1.");
        }

        if (options.PctDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PctDepth, $"ExplorationOptions.PctDepth must be {TestSettings.PctDepthRule}.");
        }

        if (options.MaxSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxSteps, "ExplorationOptions.MaxSteps must be at least 1.");
        }

        if (options.Parallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Parallelism, "ExplorationOptions.Parallelism must be at least 1 (1 runs the schedules one after the other).");
        }

        if (options.FairAfterSteps is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FairAfterSteps, "ExplorationOptions.FairAfterSteps must be non-negative, or null for a tenth of MaxSteps.");
        }

        if (options.PreemptionBound is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PreemptionBound, "ExplorationOptions.PreemptionBound must be non-negative, or null for no bound.");
        }

        if (options.FirstSchedule < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FirstSchedule, "ExplorationOptions.FirstSchedule is 1-based: it must be at least 1.");
        }

        if (options.ShrinkTimeLimit < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ShrinkTimeLimit, "ExplorationOptions.ShrinkTimeLimit must be non-negative.");
        }

        if (options.TimeLimit is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), limit, "ExplorationOptions.TimeLimit must be positive, or null for no limit.");
        }

        if (options.CoverageLabels?.Any(string.IsNullOrEmpty) == true)
        {
            throw new ArgumentException("ExplorationOptions.CoverageLabels holds a null or empty label: every label must be the text passed to Coverage.Reached or Coverage.Sometimes.", nameof(options));
        }

        if (options.Strategy == StrategyKind.Exhaustive && options.FirstSchedule > 1)
        {
            throw new ArgumentException($"ExplorationOptions.FirstSchedule is {options.FirstSchedule}, but exhaustive search finds each schedule by running the ones before it, so it always starts at schedule 1; replay a schedule's token to rerun it alone.", nameof(options));
        }

        if (!Enum.IsDefined(options.Strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Strategy, "ExplorationOptions.Strategy is not a StrategyKind value.");
        }
    }
}
