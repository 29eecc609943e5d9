using Microsoft.Coyote;

namespace Asynkit.Testing.Coyote;

/// <summary>Builds Coyote's <see cref="Configuration"/> from our options: telemetry off, console logging off, our seed,
/// strategy and bounds.</summary>
internal static class CoyoteConfigurations
{
    public static Configuration Create(CoyoteOptions coyote, CoyoteLog log, int iterations, int seed, long maxSteps, string? replayTrace)
    {
        Configuration config = Configuration.Create()
            .WithTelemetryEnabled(false)
            .WithConsoleLoggingEnabled(false)
            .WithVerbosityEnabled(log.Level)
            .WithTestingIterations((uint)iterations)
            .WithRandomGeneratorSeed(CoyoteSeeds.ForCoyote(seed))
            .WithMaxSchedulingSteps((uint)Math.Min(maxSteps, int.MaxValue / 10))
            .WithPartiallyControlledConcurrencyAllowed(coyote.AllowUncontrolledConcurrency);
        config = coyote.Strategy switch
        {
            CoyoteStrategy.Portfolio => config,
            CoyoteStrategy.Random => config.WithRandomStrategy(),
            CoyoteStrategy.Probabilistic => config.WithProbabilisticStrategy(Bound(coyote, 3)),
            CoyoteStrategy.Prioritization => config.WithPrioritizationStrategy(isFair: false, Bound(coyote, 10)),
            CoyoteStrategy.DelayBounding => config.WithDelayBoundingStrategy(isFair: false, Bound(coyote, 10)),
            _ => throw new ArgumentOutOfRangeException(nameof(coyote), coyote.Strategy, "CoyoteOptions.Strategy is not a CoyoteStrategy value."),
        };
        return replayTrace is null ? config : config.WithReproducibleTrace(replayTrace);
    }

    /// <summary>"Coyote portfolio", "Coyote prioritization (bound 10)", ...</summary>
    public static string Describe(CoyoteOptions coyote) => coyote.Strategy switch
    {
        CoyoteStrategy.Portfolio => "Coyote portfolio",
        CoyoteStrategy.Random => "Coyote random",
        _ => $"Coyote {coyote.Strategy.ToString().ToLowerInvariant()} (bound {coyote.StrategyBound?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"})",
    };

    /// <summary>Throws when the options cannot run under Coyote: the exploration options' own rules, then Coyote's.</summary>
    public static void Validate(Exploration.ExplorationOptions options, CoyoteOptions coyote)
    {
        Exploration.ExplorationOptions.Validate(options);
        if (options.Strategy is not (Exploration.StrategyKind.Default or Exploration.StrategyKind.Coyote))
        {
            throw new ArgumentException($"ExplorationOptions.Strategy is {options.Strategy}, but CoyoteExplorer always lets Coyote choose: use StrategyKind.Coyote (or Default), and CoyoteOptions.Strategy to pick Coyote's strategy; Explorer.Explore runs the others.", nameof(options));
        }

        if (!Enum.IsDefined(coyote.Strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(coyote), coyote.Strategy, "CoyoteOptions.Strategy is not a CoyoteStrategy value.");
        }

        if (coyote.StrategyBound is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(coyote), coyote.StrategyBound, "CoyoteOptions.StrategyBound must be at least 1, or null for Coyote's default.");
        }

        if (coyote.StrategyBound is not null && coyote.Strategy is CoyoteStrategy.Portfolio or CoyoteStrategy.Random)
        {
            throw new ArgumentException($"CoyoteOptions.StrategyBound applies to the Probabilistic, Prioritization and DelayBounding strategies, not to {coyote.Strategy}.", nameof(coyote));
        }

        if (!Enum.IsDefined(coyote.RewritingGaps))
        {
            throw new ArgumentOutOfRangeException(nameof(coyote), coyote.RewritingGaps, "CoyoteOptions.RewritingGaps must be Warn or Fail.");
        }
    }

    private static uint Bound(CoyoteOptions coyote, uint fallback) => coyote.StrategyBound is { } bound ? (uint)bound : fallback;
}
