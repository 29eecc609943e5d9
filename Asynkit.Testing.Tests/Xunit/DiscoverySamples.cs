using Asynkit.Testing.Exploration;
using Asynkit.Testing.Xunit;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>Attributes that cannot run: discovery turns each into a test that fails with the reason. Only
/// <see cref="DiscovererTests"/> runs them.</summary>
[Trait("Category", "FailureExpected")]
public sealed class InvalidAttributeSamples
{
    [AsynkitFact(Iterations = 0)]
    public Task ZeroIterations() => Task.CompletedTask;

    [AsynkitFact(Iterations = 10, CoyoteRewritten = true)]
    public Task CoyoteRewrittenWithoutCoyote() => Task.CompletedTask;

    [AsynkitFact(PctDepth = 0, Iterations = 10)]
    public Task ZeroDepth() => Task.CompletedTask;

    [AsynkitFact(MaxSteps = -1)]
    public Task NegativeMaxSteps() => Task.CompletedTask;

    [AsynkitFact(Replay = " ")]
    public Task BlankReplay() => Task.CompletedTask;

    [AsynkitFact(Iterations = 10, Skip = "skipped on purpose")]
    public Task Skipped() => throw new InvalidOperationException("a skipped test must not run");

#pragma warning disable xUnit1048 // async void on purpose: discovery must reject it
    [AsynkitFact]
    public async void AsyncVoid() => await Task.Yield();
#pragma warning restore xUnit1048

#pragma warning disable xUnit1001 // parameters on a fact on purpose
    [AsynkitFact]
    public Task FactWithParameter(int value) => Task.FromResult(value);
#pragma warning restore xUnit1001
}

/// <summary>One of each kind of test case, for discovery and serialization tests.</summary>
public sealed class DiscoverySamples
{
    [AsynkitFact(Timeout = 5000, DisplayName = "a fifo fact")]
    public Task Fifo() => RacePrograms.LockedCounterAsync(2);

    [AsynkitFact(Iterations = 25, Strategy = StrategyKind.Pct, Seed = 99, PctDepth = 2, MaxSteps = 5000, Shrink = false)]
    public Task Explored() => RacePrograms.LockedCounterAsync(2);

    [AsynkitFact(Iterations = 50, RequireCoverage = true, CoverageLabels = ["second first"])]
    public Task CoverageRequired() => RacePrograms.OrderedArrivalAsync();

    // The token of a schedule without choices (main alone) and without a recorded step count.
    [AsynkitFact(Replay = "ak1_AAAAt_ewSg")]
    public async Task Replayed()
    {
        await Task.Yield();
        await Task.Yield();
    }

    [AsynkitTheory(Iterations = 10)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Rows(int workers) => RacePrograms.LockedCounterAsync(workers);

    [AsynkitTheory(Iterations = 10)]
    [MemberData(nameof(Opaque))]
    public Task OpaqueRows(AsynkitAttributeDogfoodTests.WorkerCount count) => RacePrograms.LockedCounterAsync(count.Value);

    [Fact]
    public void PlainFact_IsNotOurs() => AsynkitLoop.Current.ShouldBeNull();

    public static TheoryData<AsynkitAttributeDogfoodTests.WorkerCount> Opaque() => new() { new(2), new(3) };
}
