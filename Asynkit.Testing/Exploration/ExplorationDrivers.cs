namespace Asynkit.Testing.Exploration;

/// <summary>The one place that finds the driver of a <see cref="StrategyKind"/>: our strategies' driver, or Coyote's.</summary>
/// <remarks>Coyote's driver is found by its assembly-qualified name, so that Exploration uses no type of the Coyote folder (the
/// layers point one way) and the Coyote integration can move into its own assembly, Asynkit.Testing.Coyote, by changing
/// <see cref="CoyoteDriverTypeName"/> alone.</remarks>
internal static class ExplorationDrivers
{
    /// <summary>The assembly-qualified name of Coyote's loop-mode driver.</summary>
    public const string CoyoteDriverTypeName = "Asynkit.Testing.Coyote.CoyoteLoopDriver, Asynkit.Testing.Coyote";

    /// <summary>The assembly-qualified name of the Coyote integration's entry for test-framework adapters.</summary>
    public const string CoyoteEntryTypeName = "Asynkit.Testing.Coyote.CoyoteEntry, Asynkit.Testing.Coyote";

    /// <summary>The package that holds Coyote's driver.</summary>
    public const string CoyotePackage = "Asynkit.Testing.Coyote";

    /// <summary>The driver of <paramref name="options"/>' strategy.</summary>
    /// <exception cref="ArgumentException">Coyote's driver cannot be loaded.</exception>
    public static IExplorationDriver For(ExplorationOptions options) => For(options, CoyoteDriverTypeName);

    /// <summary>The driver of <paramref name="options"/>' strategy, with Coyote's found by <paramref name="coyoteDriverTypeName"/>.</summary>
    /// <exception cref="ArgumentException">Coyote's driver cannot be loaded.</exception>
    internal static IExplorationDriver For(ExplorationOptions options, string coyoteDriverTypeName)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Strategy != StrategyKind.Coyote ? new StrategyDriver()
            : Load(coyoteDriverTypeName) ?? throw new ArgumentException($"StrategyKind.Coyote is run by Coyote's engine, and its driver ({coyoteDriverTypeName}) is not available: reference the {CoyotePackage} package (or choose Fifo, Random, Pct, Exhaustive or Portfolio).", nameof(options));
    }

    /// <summary>The Coyote integration's entry for adapters (loop mode with a log, rewritten mode).</summary>
    /// <exception cref="InvalidOperationException">The Asynkit.Testing.Coyote package is not referenced.</exception>
    public static ICoyoteEntry CoyoteEntry() =>
        Type.GetType(CoyoteEntryTypeName, throwOnError: false) is { } type && typeof(ICoyoteEntry).IsAssignableFrom(type)
            ? (ICoyoteEntry)Activator.CreateInstance(type, nonPublic: true)!
            : throw new InvalidOperationException($"Strategy = StrategyKind.Coyote runs under Coyote's engine, which is in the {CoyotePackage} package: add it to the test project (dotnet add package {CoyotePackage}), or choose Fifo, Random, Pct, Exhaustive or Portfolio.");

    /// <summary>Creates the driver named <paramref name="typeName"/> (it needs a parameterless constructor); null when no
    /// loaded assembly has it.</summary>
    public static IExplorationDriver? Load(string typeName)
    {
        Type? type = Type.GetType(typeName, throwOnError: false);
        return type is not null && typeof(IExplorationDriver).IsAssignableFrom(type) ? (IExplorationDriver)Activator.CreateInstance(type, nonPublic: true)! : null;
    }
}
