using Asynkit.Testing.Exploration;
using Xunit.Abstractions;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>The <see cref="TestSettings"/> of an [AsynkitFact] or [AsynkitTheory], as discovered and as serialized with a test case.</summary>
internal static class SettingsSerialization
{
    /// <summary>The settings of an [AsynkitFact] or [AsynkitTheory] (or of any other FactAttribute: the defaults).</summary>
    public static TestSettings FromAttribute(IAttributeInfo attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return attribute is IReflectionAttributeInfo { Attribute: IAsynkitSettingsSource source } ? source.Settings : TestSettings.Default;
    }

    /// <summary>Reads the settings written by <see cref="Serialize"/>.</summary>
    public static TestSettings Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new TestSettings
        {
            Iterations = data.GetValue<int>("Asynkit.Iterations"),
            Strategy = (StrategyKind)data.GetValue<int>("Asynkit.Strategy"),
            Seed = data.GetValue<int>("Asynkit.Seed"),
            PctDepth = data.GetValue<int>("Asynkit.PctDepth"),
            MaxSteps = data.GetValue<int>("Asynkit.MaxSteps"),
            Replay = data.GetValue<string?>("Asynkit.Replay"),
            Shrink = data.GetValue<bool>("Asynkit.Shrink"),
            StrictReplay = data.GetValue<bool>("Asynkit.StrictReplay"),
            Parallelism = data.GetValue<int>("Asynkit.Parallelism"),
            CoyoteRewritten = data.GetValue<bool>("Asynkit.CoyoteRewritten"),
            RequireCoverage = data.GetValue<bool>("Asynkit.RequireCoverage"),
            CoverageLabels = data.GetValue<string?>("Asynkit.CoverageLabels") is { } labels ? new LabelList(labels.Split('\n')) : null,
        };
    }

    /// <summary>Writes every setting (the strategy as its number: enums from other assemblies are not always serializable).</summary>
    public static void Serialize(TestSettings settings, IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        data.AddValue("Asynkit.Iterations", settings.Iterations);
        data.AddValue("Asynkit.Strategy", (int)settings.Strategy);
        data.AddValue("Asynkit.Seed", settings.Seed);
        data.AddValue("Asynkit.PctDepth", settings.PctDepth);
        data.AddValue("Asynkit.MaxSteps", settings.MaxSteps);
        data.AddValue("Asynkit.Replay", settings.Replay, typeof(string));
        data.AddValue("Asynkit.Shrink", settings.Shrink);
        data.AddValue("Asynkit.StrictReplay", settings.StrictReplay);
        data.AddValue("Asynkit.Parallelism", settings.Parallelism);
        data.AddValue("Asynkit.CoyoteRewritten", settings.CoyoteRewritten);
        data.AddValue("Asynkit.RequireCoverage", settings.RequireCoverage);
        data.AddValue("Asynkit.CoverageLabels", settings.CoverageLabels is { } labels ? string.Join('\n', labels) : null, typeof(string));
    }
}
