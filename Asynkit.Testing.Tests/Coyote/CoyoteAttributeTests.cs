using Asynkit.Testing.Exploration;
using Asynkit.Testing.Tests.XunitIntegration;
using Asynkit.Testing.Xunit;
using Asynkit.Testing.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Tests.Coyote;

/// <summary>The xunit attributes with Strategy = StrategyKind.Coyote: dogfood tests, and meta-tests of the samples.</summary>
public sealed class CoyoteAttributeTests
{
    [AsynkitFact(Strategy = StrategyKind.Coyote, Iterations = 40)]
    public Task CoyoteFact_LockedCounter_PassesEveryIteration() => RacePrograms.LockedCounterAsync(3);

    [AsynkitTheory(Strategy = StrategyKind.Coyote, Iterations = 20)]
    [InlineData(1)]
    [InlineData(2)]
    public Task CoyoteTheory_LockedCounter_PassesEveryRow(int workers) => RacePrograms.LockedCounterAsync(workers);

    [Fact]
    public async Task CoyoteFact_LostUpdate_FailsWithTheCoyoteTraceAndAReplayLine()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(CoyoteAttributeSamples), nameof(CoyoteAttributeSamples.LostUpdate_UnderCoyote_FailsWithCoyoteTraceAndReplayLine));

        (SpyMessageBus bus, RunSummary summary) = await XunitHarness.RunAsync(testCase);

        summary.Failed.ShouldBe(1);
        ITestFailed failure = XunitHarness.SingleFailure(bus);
        failure.ExceptionTypes.ShouldBe([typeof(ExplorationFailedException).FullName]);
        failure.Messages[0].ShouldContain($"{nameof(InvalidOperationException)}: ");
        string message = failure.Messages[0];
        message.ShouldMatch(@"^Asynkit: iteration \d+ of 300 failed \(Coyote: Coyote portfolio; seed -?\d+, derived from the test name\)\.");
        message.ShouldMatch(@"Coyote trace: .+\.trace");
        message.ShouldContain("Lost update: 2 workers incremented the counter, but it is 1.");
        FailureExpectedMetaTests.ReplayLineIn(message, "AsynkitFact").ShouldStartWith("ak1_");
        failure.Output.ShouldContain("... Running test iterations:");
    }

    [Fact]
    public async Task CoyoteFact_PastedReplayLine_ReproducesTheFailureInOneRun()
    {
        IXunitTestCase found = XunitHarness.DiscoverOne(typeof(CoyoteAttributeSamples), nameof(CoyoteAttributeSamples.LostUpdate_UnderCoyote_FailsWithCoyoteTraceAndReplayLine));
        (SpyMessageBus first, _) = await XunitHarness.RunAsync(found);
        string token = FailureExpectedMetaTests.ReplayLineIn(XunitHarness.SingleFailure(first).Messages[0], "AsynkitFact");

        var runs = new RunCounter();
        RunCounter.Current = runs;
        (SpyMessageBus replay, _) = await XunitHarness.RunAsync(FailureExpectedMetaTests.Pasted(found, new TestSettings { Strategy = StrategyKind.Coyote, Replay = token }));

        runs.Count.ShouldBe(1);
        ITestFailed failure = XunitHarness.SingleFailure(replay);
        failure.Messages[0].ShouldStartWith("Asynkit: the replayed schedule failed.");
        failure.Messages[0].ShouldContain(": Lost update: 2 workers incremented the counter, but it is 1.");
    }

    [Fact]
    public async Task CoyoteFact_CoyoteTracePastedAsReplay_ReproducesTheFailure()
    {
        IXunitTestCase found = XunitHarness.DiscoverOne(typeof(CoyoteAttributeSamples), nameof(CoyoteAttributeSamples.LostUpdate_UnderCoyote_FailsWithCoyoteTraceAndReplayLine));
        (SpyMessageBus first, _) = await XunitHarness.RunAsync(found);
        string message = XunitHarness.SingleFailure(first).Messages[0];
        string tracePath = message.Split('\n').Single(l => l.StartsWith("Coyote trace: ", StringComparison.Ordinal))["Coyote trace: ".Length..].Trim();

        (SpyMessageBus replay, _) = await XunitHarness.RunAsync(FailureExpectedMetaTests.Pasted(found, new TestSettings { Strategy = StrategyKind.Coyote, Replay = tracePath }));

        ITestFailed failure = XunitHarness.SingleFailure(replay);
        failure.Messages[0].ShouldStartWith("Asynkit: the replayed schedule failed.");
        failure.Messages[0].ShouldContain($"Coyote trace: {tracePath}");
        failure.Messages[0].ShouldContain(": Lost update: 2 workers incremented the counter, but it is 1.");
    }

    [Fact]
    public async Task CoyoteRewritten_AssemblyNotRewritten_FailsWithHowToEnableIt()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(CoyoteAttributeSamples), nameof(CoyoteAttributeSamples.Rewritten_AssemblyNotRewritten_FailsWithHowToEnableIt));

        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(testCase);

        ITestFailed failure = XunitHarness.SingleFailure(bus);
        failure.ExceptionTypes[0].ShouldBe(typeof(InvalidOperationException).FullName);
        failure.Messages[0].ShouldContain("<AsynkitCoyoteRewrite>true</AsynkitCoyoteRewrite>");
    }

    [Fact]
    public void CoyoteRewritten_Discovered_AndSurvivesSerialization()
    {
        var testCase = (AsynkitTestCase)XunitHarness.DiscoverOne(typeof(CoyoteAttributeSamples), nameof(CoyoteAttributeSamples.Rewritten_AssemblyNotRewritten_FailsWithHowToEnableIt));

        var copy = (AsynkitTestCase)SerializationHelper.Deserialize<IXunitTestCase>(SerializationHelper.Serialize(testCase));

        testCase.Settings.ShouldBe(new TestSettings { Strategy = StrategyKind.Coyote, CoyoteRewritten = true, Iterations = 5 });
        copy.Settings.ShouldBe(testCase.Settings);
    }

    [Fact]
    public void Samples_AllCarryTheFailureExpectedCategory()
    {
        IReadOnlyList<IXunitTestCase> cases = XunitHarness.Discover(typeof(CoyoteAttributeSamples));
        cases.Count.ShouldBe(2);
        cases.ShouldAllBe(c => c.Traits["Category"].Contains("FailureExpected"));
    }
}
