using System.Runtime.CompilerServices;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Xunit.Sdk;
using Xunit;
using Xunit.v3;

namespace Asynkit.Testing.Xunit;

/// <summary>An xunit v3 theory whose every data row runs on fresh <see cref="AsynkitLoop"/>s: once in FIFO order, or explored.</summary>
/// <remarks>Each row is explored on its own, with a seed from the test's name and the row's arguments; a failing row prints a
/// replay line scoped to it, <c>[AsynkitTheory(Replay = "row 1a2b3c4d: ak1_...")]</c>. Rows must be serializable (xunit
/// pre-enumerates them); a theory whose rows are not is reported as a failing test that says so.</remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer(typeof(AsynkitTheoryDiscoverer))]
public sealed class AsynkitTheoryAttribute : TheoryAttribute, IAsynkitSettingsSource
{
    /// <summary>Creates the attribute; the compiler fills in where it stands.</summary>
    public AsynkitTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
    }

    /// <summary>How many schedules to run (default 1: one FIFO run); more explores, and ASYNKIT_ITERATIONS can override it.</summary>
    public int Iterations { get => Settings.Iterations; set => Settings = Settings with { Iterations = value }; }

    /// <summary>The exploration strategy; Default is FIFO for one iteration and Portfolio for more.</summary>
    public StrategyKind Strategy { get => Settings.Strategy; set => Settings = Settings with { Strategy = value }; }

    /// <summary>The exploration seed; 0 (the default) derives a stable seed from the test's full name.</summary>
    public int Seed { get => Settings.Seed; set => Settings = Settings with { Seed = value }; }

    /// <summary>PCT's depth d (default 3): d-1 priority change points per schedule.</summary>
    public int PctDepth { get => Settings.PctDepth; set => Settings = Settings with { PctDepth = value }; }

    /// <summary>Each schedule's step budget; 0 (the default) is 100,000 when exploring and 10,000,000 for one run.</summary>
    public int MaxSteps { get => Settings.MaxSteps; set => Settings = Settings with { MaxSteps = value }; }

    /// <summary>A replay token printed with a failure: run exactly that schedule.</summary>
    public string? Replay { get => Settings.Replay; set => Settings = Settings with { Replay = value }; }

    /// <summary>With <see cref="Replay"/>: fail with ScheduleDivergedException when the code no longer makes the recorded choices;
    /// false (the default) keeps the replay as a regression test: it follows the token as far as it matches, then FIFO order.</summary>
    public bool StrictReplay { get => Settings.StrictReplay; set => Settings = Settings with { StrictReplay = value }; }

    /// <summary>How many threads run the schedules (each on its own loop); 0 (the default) is 1, or ASYNKIT_PARALLELISM when set.
    /// The reported failure is the one a serial run reports. xunit already runs test classes in parallel: raise it for long hunts.</summary>
    public int Parallelism { get => Settings.Parallelism; set => Settings = Settings with { Parallelism = value }; }

    /// <summary>Fail the test when a label of <see cref="CoverageLabels"/> was never reached, or a <c>Coverage.Sometimes</c>
    /// condition never held, in any schedule (default false: coverage is only reported).</summary>
    public bool RequireCoverage { get => Settings.RequireCoverage; set => Settings = Settings with { RequireCoverage = value }; }

    /// <summary>Coverage labels (<c>Coverage.Reached</c>, <c>Coverage.Sometimes</c>) the test should reach, declared up front so
    /// that one no schedule ever evaluates is reported too.</summary>
    public string[]? CoverageLabels { get => Settings.CoverageLabels?.ToArray(); set => Settings = Settings with { CoverageLabels = value is null ? null : new LabelList(value) }; }

    /// <summary>Shrink a failing schedule before reporting it (default true).</summary>
    public bool Shrink { get => Settings.Shrink; set => Settings = Settings with { Shrink = value }; }

    /// <summary>With <c>Strategy = StrategyKind.Coyote</c>: run the method in Coyote's rewritten mode (its assembly built with
    /// AsynkitCoyoteRewrite), for code that leaves the loop (Task.Run, threads, locks); Replay then takes Coyote's trace path.</summary>
    public bool CoyoteRewritten { get => Settings.CoyoteRewritten; set => Settings = Settings with { CoyoteRewritten = value }; }

    /// <inheritdoc/>
    TestSettings IAsynkitSettingsSource.Settings => Settings;

    /// <summary>The settings the named properties forward to: their defaults and validation live there.</summary>
    private TestSettings Settings { get; set; } = TestSettings.Default;
}
