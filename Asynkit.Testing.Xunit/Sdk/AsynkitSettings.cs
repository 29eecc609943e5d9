using Asynkit.Testing.Exploration;
using Xunit.Abstractions;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>The Asynkit named properties of an [AsynkitFact] or [AsynkitTheory], as discovered and as serialized with a test case.</summary>
internal sealed record AsynkitSettings
{
    /// <summary>The settings of an attribute without named properties: one FIFO run.</summary>
    public static readonly AsynkitSettings Default = new();

    /// <summary>How many schedules to run; 1 (the default) is one deterministic FIFO run.</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>The exploration strategy; Default is FIFO for one iteration and Portfolio for more.</summary>
    public StrategyKind Strategy { get; init; } = StrategyKind.Default;

    /// <summary>The exploration seed; 0 derives it from the test's full name.</summary>
    public int Seed { get; init; }

    /// <summary>PCT's depth.</summary>
    public int PctDepth { get; init; } = 3;

    /// <summary>Each schedule's step budget; 0 is the default (100,000 when exploring, the loop's 10,000,000 for one run).</summary>
    public int MaxSteps { get; init; }

    /// <summary>A replay token (optionally scoped to one theory row as "row xxxxxxxx: ak1_..."), or null.</summary>
    public string? Replay { get; init; }

    /// <summary>Whether a failing schedule is shrunk before it is reported.</summary>
    public bool Shrink { get; init; } = true;

    /// <summary>With Strategy = Coyote: run in Coyote's rewritten mode instead of on the loop.</summary>
    public bool CoyoteRewritten { get; init; }

    /// <summary>How the test runs: one FIFO run, an exploration, or the replay of one schedule.</summary>
    public AsynkitMode Mode =>
        Replay is not null ? AsynkitMode.Replay
        : Iterations > 1 || Strategy is not (StrategyKind.Default or StrategyKind.Fifo) ? AsynkitMode.Exploration
        : AsynkitMode.Fifo;

    /// <summary>Reads the named properties of an [AsynkitFact] or [AsynkitTheory] (or any FactAttribute: then the defaults).</summary>
    public static AsynkitSettings FromAttribute(IAttributeInfo attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        if (attribute is IReflectionAttributeInfo { Attribute: not (AsynkitFactAttribute or AsynkitTheoryAttribute) })
        {
            return Default;
        }

        return new AsynkitSettings
        {
            Iterations = attribute.GetNamedArgument<int>(nameof(Iterations)),
            Strategy = attribute.GetNamedArgument<StrategyKind>(nameof(Strategy)),
            Seed = attribute.GetNamedArgument<int>(nameof(Seed)),
            PctDepth = attribute.GetNamedArgument<int>(nameof(PctDepth)),
            MaxSteps = attribute.GetNamedArgument<int>(nameof(MaxSteps)),
            Replay = attribute.GetNamedArgument<string?>(nameof(Replay)),
            Shrink = attribute.GetNamedArgument<bool>(nameof(Shrink)),
            CoyoteRewritten = attribute.GetNamedArgument<bool>(nameof(CoyoteRewritten)),
        };
    }

    /// <summary>Reads the settings written by <see cref="Serialize"/>.</summary>
    public static AsynkitSettings Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new AsynkitSettings
        {
            Iterations = data.GetValue<int>("Asynkit.Iterations"),
            Strategy = (StrategyKind)data.GetValue<int>("Asynkit.Strategy"),
            Seed = data.GetValue<int>("Asynkit.Seed"),
            PctDepth = data.GetValue<int>("Asynkit.PctDepth"),
            MaxSteps = data.GetValue<int>("Asynkit.MaxSteps"),
            Replay = data.GetValue<string?>("Asynkit.Replay"),
            Shrink = data.GetValue<bool>("Asynkit.Shrink"),
            CoyoteRewritten = data.GetValue<bool>("Asynkit.CoyoteRewritten"),
        };
    }

    /// <summary>Writes every setting (the strategy as its number: enums from other assemblies are not always serializable).</summary>
    public void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.AddValue("Asynkit.Iterations", Iterations);
        data.AddValue("Asynkit.Strategy", (int)Strategy);
        data.AddValue("Asynkit.Seed", Seed);
        data.AddValue("Asynkit.PctDepth", PctDepth);
        data.AddValue("Asynkit.MaxSteps", MaxSteps);
        data.AddValue("Asynkit.Replay", Replay, typeof(string));
        data.AddValue("Asynkit.Shrink", Shrink);
        data.AddValue("Asynkit.CoyoteRewritten", CoyoteRewritten);
    }

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
            return $"[{attributeName}] PctDepth is {PctDepth}, but it must be at least 1 (depth 1 means no priority change points).";
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
