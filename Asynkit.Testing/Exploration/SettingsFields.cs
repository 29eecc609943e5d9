namespace Asynkit.Testing.Exploration;

/// <summary>The fields of <see cref="TestSettings"/> as a test framework serializes them with a test case (xunit v2 and v3 have
/// each their own serialization interface): one list of keys and types for every adapter.</summary>
internal static class SettingsFields
{
    /// <summary>Writes every setting (the strategy as its number: enums from other assemblies are not always serializable).</summary>
    public static void Write(TestSettings settings, Action<string, object?, Type> add)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(add);
        add("Asynkit.Iterations", settings.Iterations, typeof(int));
        add("Asynkit.Strategy", (int)settings.Strategy, typeof(int));
        add("Asynkit.Seed", settings.Seed, typeof(int));
        add("Asynkit.PctDepth", settings.PctDepth, typeof(int));
        add("Asynkit.MaxSteps", settings.MaxSteps, typeof(int));
        add("Asynkit.Replay", settings.Replay, typeof(string));
        add("Asynkit.Shrink", settings.Shrink, typeof(bool));
        add("Asynkit.StrictReplay", settings.StrictReplay, typeof(bool));
        add("Asynkit.Parallelism", settings.Parallelism, typeof(int));
        add("Asynkit.CoyoteRewritten", settings.CoyoteRewritten, typeof(bool));
        add("Asynkit.RequireCoverage", settings.RequireCoverage, typeof(bool));
        add("Asynkit.CoverageLabels", settings.CoverageLabels is { } labels ? string.Join('\n', labels) : null, typeof(string));
    }

    /// <summary>Reads the settings <see cref="Write"/> wrote.</summary>
    public static TestSettings Read(Func<string, Type, object?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        return new TestSettings
        {
            Iterations = (int)get("Asynkit.Iterations", typeof(int))!,
            Strategy = (StrategyKind)(int)get("Asynkit.Strategy", typeof(int))!,
            Seed = (int)get("Asynkit.Seed", typeof(int))!,
            PctDepth = (int)get("Asynkit.PctDepth", typeof(int))!,
            MaxSteps = (int)get("Asynkit.MaxSteps", typeof(int))!,
            Replay = (string?)get("Asynkit.Replay", typeof(string)),
            Shrink = (bool)get("Asynkit.Shrink", typeof(bool))!,
            StrictReplay = (bool)get("Asynkit.StrictReplay", typeof(bool))!,
            Parallelism = (int)get("Asynkit.Parallelism", typeof(int))!,
            CoyoteRewritten = (bool)get("Asynkit.CoyoteRewritten", typeof(bool))!,
            RequireCoverage = (bool)get("Asynkit.RequireCoverage", typeof(bool))!,
            CoverageLabels = get("Asynkit.CoverageLabels", typeof(string)) is string labels ? new LabelList(labels.Split('\n')) : null,
        };
    }
}
