namespace Asynkit.Testing.Exploration;

/// <summary>What <see cref="AsynkitTest.Run(AsynkitTestOptions, Func{Task}, string, string)"/> runs: the same settings as the
/// xunit attributes' named properties, with the same defaults.</summary>
public sealed record AsynkitTestOptions
{
    /// <summary>One deterministic FIFO run.</summary>
    public static readonly AsynkitTestOptions Default = new();

    /// <summary>How many schedules to run (default 1: one FIFO run); more explores, and ASYNKIT_ITERATIONS can override it.</summary>
    public int Iterations { get; init; } = 1;

    /// <summary>The exploration strategy; Default is FIFO for one iteration and Portfolio for more.</summary>
    public StrategyKind Strategy { get; init; } = StrategyKind.Default;

    /// <summary>The exploration seed; 0 (the default) derives a stable seed from the test's name.</summary>
    public int Seed { get; init; }

    /// <summary>PCT's depth d (default 3): d-1 priority change points per schedule.</summary>
    public int PctDepth { get; init; } = TestSettings.DefaultPctDepth;

    /// <summary>Each schedule's step budget; 0 (the default) is 100,000 when exploring and 10,000,000 for one run.</summary>
    public int MaxSteps { get; init; }

    /// <summary>A replay token printed with a failure: run exactly that schedule.</summary>
    public string? Replay { get; init; }

    /// <summary>Shrink a failing schedule before reporting it (default true).</summary>
    public bool Shrink { get; init; } = true;

    /// <summary>The test's wall-clock limit (each schedule's budget, the exploration's time limit, the stuck-step watchdog);
    /// null for the loop's default budget.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The test's name, from which the seed and report file names derive; null for "File.Method" of the caller.</summary>
    public string? Name { get; init; }

    /// <summary>Where the summary line of a passing exploration or replay goes; null for <see cref="Console.Out"/> (which NUnit
    /// and MSTest attribute to the running test).</summary>
    public TextWriter? Output { get; init; }

    internal TestSettings ToSettings() => new()
    {
        Iterations = Iterations,
        Strategy = Strategy,
        Seed = Seed,
        PctDepth = PctDepth,
        MaxSteps = MaxSteps,
        Replay = Replay,
        Shrink = Shrink,
    };
}
