using Asynkit.Testing.Exploration;
using Xunit.Sdk;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>Explorer.Explore and [AsynkitFact] derive a test's seed from its name with the same function, so the same name
/// explores the same schedules on both surfaces.</summary>
public sealed class SeedAgreementTests
{
    private static readonly string s_name = $"{typeof(FailureExpectedSamples).FullName}.{nameof(FailureExpectedSamples.RecordAsync_TwoRequests_CountsBoth)}";

    [Fact]
    public void StableSeed_ReadmeSampleName_HasItsSignBitSet()
    {
        // The case the two seed functions used to disagree on: masking the sign bit gave Explorer another seed.
        StableHash.Seed(s_name).ShouldBe(-2090396010);
    }

    [Fact]
    public async Task ExplorerAndAttribute_SameNameNoSeed_SameSeedFailingIterationAndToken()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.RecordAsync_TwoRequests_CountsBoth));
        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(testCase);
        string message = XunitHarness.SingleFailure(bus).Messages[0];

        ExplorationResult explored = Explorer.Explore(() => new FailureExpectedSamples().RecordAsync_TwoRequests_CountsBoth(), new ExplorationOptions { Name = s_name, Iterations = 1000 });

        explored.Seed.ShouldBe(StableHash.Seed(s_name));
        message.ShouldStartWith($"Asynkit: iteration {explored.FailingIteration} of 1,000 failed ({explored.Strategy}: {explored.FailingStrategy}; seed {explored.Seed}, derived from the test name).");
        FailureExpectedMetaTests.ReplayLineIn(message, "AsynkitFact").ShouldBe(explored.ReplayToken);
    }

    [Fact]
    public async Task ExplorerAndAttribute_SameNameSameSeed_SameSchedules()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.LostUpdate_Explored_FailsWithReplayLine));
        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(testCase);
        string message = XunitHarness.SingleFailure(bus).Messages[0];
        string name = $"{typeof(FailureExpectedSamples).FullName}.{nameof(FailureExpectedSamples.LostUpdate_Explored_FailsWithReplayLine)}";

        ExplorationResult explored = Explorer.Explore(() => RacePrograms.LostUpdateAsync(2), new ExplorationOptions { Name = name, Iterations = 500, Seed = StableHash.Seed(name) });

        message.ShouldStartWith($"Asynkit: iteration {explored.FailingIteration} of 500 failed ({explored.Strategy}: {explored.FailingStrategy}; seed {explored.Seed}, ");
        FailureExpectedMetaTests.ReplayLineIn(message, "AsynkitFact").ShouldBe(explored.ReplayToken);
    }
}
