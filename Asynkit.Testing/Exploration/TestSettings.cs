namespace Asynkit.Testing.Exploration;

/// <summary>The settings of one test, whatever framework runs it: every knob the test attributes offer, its default and its
/// validation, and the resolution of <see cref="StrategyKind.Default"/>. [AsynkitFact] and [AsynkitTheory] forward their
/// named properties here; <see cref="TestPlan"/> turns the settings, the environment and the test's identity into
/// <see cref="ExplorationOptions"/>, whose defaults come from here too.</summary>
internal sealed record TestSettings
{
    /// <summary>PCT's depth when none is set.</summary>
    public const int DefaultPctDepth = 3;

    /// <summary>The step budget of each explored (or replayed) schedule when MaxSteps is 0.</summary>
    public const int DefaultExplorationSteps = 100_000;

    /// <summary>What a valid PCT depth is, for every surface's message.</summary>
    public const string PctDepthRule = "at least 1 (depth 1 means no priority change points)";

    /// <summary>The settings of an attribute without named properties: one FIFO run.</summary>
    public static readonly TestSettings Default = new();

    /// <summary>The step budget of a single FIFO run when MaxSteps is 0: the loop's own default.</summary>
    public static readonly int DefaultSingleRunSteps = (int)Math.Min(int.MaxValue, new LoopOptions().MaxSteps);

    /// <summary>How many schedules to run; 1 (the default) is one deterministic FIFO run.</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>The exploration strategy; Default is FIFO for one iteration and Portfolio for more.</summary>
    public StrategyKind Strategy { get; init; } = StrategyKind.Default;

    /// <summary>The exploration seed; 0 derives it from the test's full name.</summary>
    public int Seed { get; init; }

    /// <summary>PCT's depth d: d-1 priority change points per schedule.</summary>
    public int PctDepth { get; init; } = DefaultPctDepth;

    /// <summary>Each schedule's step budget; 0 is the default (<see cref="DefaultExplorationSteps"/> when exploring,
    /// <see cref="DefaultSingleRunSteps"/> for one run).</summary>
    public int MaxSteps { get; init; }

    /// <summary>A replay token (optionally scoped to one theory row as "row xxxxxxxx: ak1_..."), or null.</summary>
    public string? Replay { get; init; }

    /// <summary>A replay that no longer matches the code fails with ScheduleDivergedException instead of going on in FIFO order.</summary>
    public bool StrictReplay { get; init; }

    /// <summary>Whether a failing schedule is shrunk before it is reported.</summary>
    public bool Shrink { get; init; } = true;

    /// <summary>How many threads run the schedules; 0 (the default) is 1, or ASYNKIT_PARALLELISM when set. One thread by default,
    /// because test frameworks already run tests in parallel, one per core.</summary>
    public int Parallelism { get; init; }

    /// <summary>With Strategy = Coyote: run in Coyote's rewritten mode instead of on the loop.</summary>
    public bool CoyoteRewritten { get; init; }

    /// <summary>Fail the test when a declared coverage label (<see cref="CoverageLabels"/>, or a Coverage.Sometimes condition)
    /// was never reached in any schedule.</summary>
    public bool RequireCoverage { get; init; }

    /// <summary>Coverage labels the test should reach, declared up front; null for none.</summary>
    public LabelList? CoverageLabels { get; init; }

    /// <summary>True when these settings explore: more than one iteration, or a strategy other than FIFO.</summary>
    public bool Explores => Iterations > 1 || Strategy is not (StrategyKind.Default or StrategyKind.Fifo);

    /// <summary>How the test runs (before replay scoping and the ASYNKIT_* variables).</summary>
    public TestMode Mode => Replay is not null ? TestMode.Replay : Explores ? TestMode.Exploration : TestMode.Fifo;

    /// <summary>The strategy <see cref="StrategyKind.Default"/> stands for: FIFO for one schedule, Portfolio when exploring.</summary>
    public static StrategyKind ResolveStrategy(StrategyKind kind, bool exploring) =>
        kind != StrategyKind.Default ? kind : exploring ? StrategyKind.Portfolio : StrategyKind.Fifo;

    /// <summary>Why these settings cannot run, or null when they can. <paramref name="attributeName"/> is "AsynkitFact" or "AsynkitTheory".</summary>
    public string? Validate(string attributeName)
    {
        if (Iterations < 1)
        {
            return $"[{attributeName}] Iterations is {Iterations}, but it must be at least 1 (1 is one deterministic FIFO run; more explores schedules).";
        }

        if (!Enum.IsDefined(Strategy))
        {
            return $"[{attributeName}] Strategy is {(int)Strategy}, which is not a StrategyKind value.";
        }

        if (CoyoteRewritten && Strategy != StrategyKind.Coyote)
        {
            return $"[{attributeName}] CoyoteRewritten = true needs Strategy = StrategyKind.Coyote: rewritten mode runs under Coyote's engine.";
        }

        if (PctDepth < 1)
        {
            return $"[{attributeName}] PctDepth is {PctDepth}, but it must be {PctDepthRule}.";
        }

        if (CoverageLabels?.Any(l => string.IsNullOrEmpty(l) || l.Contains('\n', StringComparison.Ordinal)) == true)
        {
            return $"[{attributeName}] CoverageLabels holds an empty label or one with a line break: each must be the text passed to Coverage.Reached or Coverage.Sometimes.";
        }

        if (Parallelism < 0)
        {
            return $"[{attributeName}] Parallelism is {Parallelism}, but it must be positive, or 0 for the default (1, or ASYNKIT_PARALLELISM).";
        }

        if (MaxSteps < 0)
        {
            return $"[{attributeName}] MaxSteps is {MaxSteps}, but it must be positive, or 0 for the default budget.";
        }

        if (Replay is not null && string.IsNullOrWhiteSpace(Replay))
        {
            return $"[{attributeName}] Replay is empty: paste the whole token printed with the failure, or remove Replay.";
        }

        return null;
    }
}
