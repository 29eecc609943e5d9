using System.Diagnostics;
using System.Text.RegularExpressions;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>Runs every sample of <see cref="FailureExpectedSamples"/> on purpose and checks how it fails, and that pasting the
/// replay line it prints reproduces the failure in one run.</summary>
public sealed partial class FailureExpectedMetaTests
{
    [Fact]
    public async Task LostUpdate_Explored_FailsWithSeedIterationTraceAndReplayLine()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.LostUpdate_Explored_FailsWithReplayLine));

        (SpyMessageBus bus, RunSummary summary) = await XunitHarness.RunAsync(testCase);

        summary.Failed.ShouldBe(1);
        ITestFailed failure = XunitHarness.SingleFailure(bus);
        failure.ExceptionTypes.ShouldBe([typeof(ExplorationFailedException).FullName], "the failure is stated once, in the message, not again as an inner exception");
        failure.Messages[0].ShouldContain($"{nameof(InvalidOperationException)}: ");
        string message = failure.Messages[0];
        int seed = StableHash.Seed(typeof(FailureExpectedSamples).FullName + "." + nameof(FailureExpectedSamples.LostUpdate_Explored_FailsWithReplayLine));
        message.ShouldMatch(@"^Asynkit: iteration \d+ of 500 failed \(Portfolio: .+; seed -?\d+, derived from the test name\)\.");
        message.ShouldContain($"seed {seed}, derived from the test name");
        message.ShouldContain("Lost update: 2 workers incremented the counter, but it is 1.");
        message.ShouldContain("Shrinking: shrunk to 1 preemption");
        message.ShouldContain("Trace of the failing schedule:");
        message.ShouldContain("preempts");
        ReplayLineIn(message, "AsynkitFact").ShouldStartWith("ak1_");
    }

    [Fact]
    public async Task RequireCoverage_OnTheAttribute_FailsNamingTheLabelsNeverReached()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.OrderedArrival_Fifo_MissesItsCoverage));

        (SpyMessageBus bus, RunSummary summary) = await XunitHarness.RunAsync(testCase);

        summary.Failed.ShouldBe(1);
        ITestFailed failure = XunitHarness.SingleFailure(bus);
        failure.ExceptionTypes.ShouldBe([typeof(ExplorationFailedException).FullName], "the failure is stated once, in the message");
        string message = failure.Messages[0];
        message.ShouldStartWith("Asynkit: the test passed in its one deterministic run (FIFO order), but coverage was not met");
        message.ShouldContain("coverage not met: 2 of 2 coverage label(s) never reached in 1 schedule(s): 'never marked': never reached; 'second first': never held (evaluated 1 time(s), false every time)");
        message.ShouldNotContain("ak1_");
    }

    [Fact]
    public async Task RequireCoverage_ExploredUntilReached_Passes()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(DiscoverySamples), nameof(DiscoverySamples.CoverageRequired));

        (SpyMessageBus bus, RunSummary summary) = await XunitHarness.RunAsync(testCase);

        summary.Failed.ShouldBe(0);
        bus.OfType<ITestPassed>().Single().Output.ShouldContain("Coverage: 'second first': held in ");
    }

    [Fact]
    public async Task ReadmeExample_FailsAsTheReadmeShows_AndItsReplayLineReproducesIt()
    {
        IXunitTestCase found = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.RecordAsync_TwoRequests_CountsBoth));
        (SpyMessageBus first, _) = await XunitHarness.RunAsync(found);
        string message = XunitHarness.SingleFailure(first).Messages[0];

        // README.md quotes this output: keep the two in step.
        message.ShouldStartWith("Asynkit: iteration 2 of 1,000 failed (Portfolio: Random; seed -2090396010, derived from the test name).");
        message.ShouldContain("[AsynkitFact(Replay = \"ak1_AAcEBAEBBAACBAADBAEDb2TnBw\")]");
        message.ShouldContain("* request-2 #3  start   [preempts request-1; item 1 of 2]");

        (SpyMessageBus replay, _) = await XunitHarness.RunAsync(Pasted(found, new TestSettings { Replay = ReplayLineIn(message, "AsynkitFact") }));
        XunitHarness.SingleFailure(replay).Messages[0].ShouldStartWith("Asynkit: the replayed schedule failed.");
    }

    [Fact]
    public async Task DocExample_FifoPasses_ExplorationFindsTheOversell()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.DocExample_TwoCustomers_Oversells));

        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(testCase);

        string message = XunitHarness.SingleFailure(bus).Messages[0];
        message.ShouldNotStartWith("Asynkit: iteration 1 of");
        message.ShouldContain("inventory.Stock");
        message.ShouldContain("should be greater than or equal to");
        ReplayLineIn(message, "AsynkitFact").ShouldStartWith("ak1_");
    }

    [Fact]
    public async Task LostUpdate_PastedReplayLine_ReproducesTheFailureInOneRun()
    {
        IXunitTestCase found = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.LostUpdate_Explored_FailsWithReplayLine));
        (SpyMessageBus first, _) = await XunitHarness.RunAsync(found);
        string token = ReplayLineIn(XunitHarness.SingleFailure(first).Messages[0], "AsynkitFact");

        var pasted = Pasted(found, new TestSettings { Replay = token });
        var runs = new RunCounter();
        RunCounter.Current = runs;
        (SpyMessageBus replay, _) = await XunitHarness.RunAsync(pasted);

        runs.Count.ShouldBe(1);
        ITestFailed failure = XunitHarness.SingleFailure(replay);
        failure.Messages[0].ShouldContain($"{nameof(InvalidOperationException)}: ");
        failure.Messages[0].ShouldStartWith("Asynkit: the replayed schedule failed.");
        failure.Messages[0].ShouldContain(": Lost update: 2 workers incremented the counter, but it is 1.");
    }

    [Fact]
    public async Task TheoryRows_OnlyTheRacyRowFails_WithAReplayLineScopedToThatRow()
    {
        IReadOnlyList<IXunitTestCase> rows = XunitHarness.Discover(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.LostUpdate_TheoryRows_OnlyTheRacyRowFails));
        rows.Count.ShouldBe(2);
        IXunitTestCase calm = rows.Single(r => (int)r.TestMethodArguments[0] == 1);
        IXunitTestCase racy = rows.Single(r => (int)r.TestMethodArguments[0] == 3);

        (SpyMessageBus calmBus, _) = await XunitHarness.RunAsync(calm);
        (SpyMessageBus racyBus, _) = await XunitHarness.RunAsync(racy);

        calmBus.OfType<ITestPassed>().Single().Output.ShouldContain("explored 300 schedules");
        string message = XunitHarness.SingleFailure(racyBus).Messages[0];
        string scoped = ReplayLineIn(message, "AsynkitTheory");
        scoped.ShouldMatch("^row [0-9a-f]{8}: ak1_");
        message.ShouldContain("scoped to the row (workers: 3)");

        // Pasting the line on the theory: the racy row replays and fails in one run, the calm row explores as before.
        var settings = new TestSettings { Iterations = 300, Replay = scoped };
        var runs = new RunCounter();
        RunCounter.Current = runs;
        (SpyMessageBus racyAgain, _) = await XunitHarness.RunAsync(Pasted(racy, settings));
        runs.Count.ShouldBe(1);
        XunitHarness.SingleFailure(racyAgain).Messages[0].ShouldStartWith("Asynkit: the replayed schedule failed.");
        (SpyMessageBus calmAgain, _) = await XunitHarness.RunAsync(Pasted(calm, settings));
        calmAgain.OfType<ITestPassed>().Single().Output.ShouldContain("explored 300 schedules");
    }

    [Fact]
    public async Task Fifo_ScriptedAssertion_ReportsTheFifoRunItself()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.Fifo_ScriptedAssertion_FailsDeterministically));

        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(testCase);

        ITestFailed failure = XunitHarness.SingleFailure(bus);
        failure.Messages[0].ShouldContain($"{nameof(ShouldAssertException)}: ");
        string message = failure.Messages[0];
        message.ShouldStartWith("Asynkit: the test failed in its one deterministic run (FIFO order)");
        ReplayLineIn(message, "AsynkitFact").ShouldStartWith("ak1_");
        message.ShouldNotContain("Shrinking");
        message.ShouldContain("Trace of the failing schedule:");

        // The FIFO outcome itself, not some other (shrunk) schedule that also fails the assertion.
        message.ShouldContain("""["a1", "b1", "a2", "b2"]""");
    }

    [Fact]
    public async Task Timeout_AsyncRunaway_StoppedAndReportedAsTimeout()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.Timeout_AsyncRunaway_StoppedByWallClockBudget));
        var clock = Stopwatch.StartNew();

        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(testCase);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        ITestFailed failure = XunitHarness.SingleFailure(bus);
        failure.Messages[0].ShouldContain($"{nameof(LoopBudgetExceededException)}: ");
        failure.Messages[0].ShouldStartWith("Test execution timed out after 300 ms (Timeout).");
        failure.Messages[0].ShouldContain("No trace");
    }

    [Fact]
    public async Task Timeout_StepNeverReturns_LoopThreadAbandonedAndSilenced()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(HangingSample), nameof(HangingSample.Timeout_StepNeverReturns_ThreadAbandoned));
        var clock = Stopwatch.StartNew();
        SpyMessageBus? bus = null;
        try
        {
            (bus, _) = await XunitHarness.RunAsync(testCase);

            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
            ITestFailed failure = XunitHarness.SingleFailure(bus);
            failure.ExceptionTypes.ShouldBe([typeof(TimeoutException).FullName]);
            failure.Messages[0].ShouldContain("stuck in synchronous code");
            failure.Messages[0].ShouldContain("was abandoned");
            failure.Messages[0].ShouldContain("The stuck step: step 1 of task 'main' (#1)");
        }
        finally
        {
            HangingSample.s_hangGate.Release();
        }

        // The abandoned thread finishes its run now; the messages it would send (class dispose) must not reach the runner.
        HangingSample.s_disposed.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        bus.Names[^1].ShouldBe("TestCaseFinished");
        bus.Names.ShouldNotContain("TestClassDisposeStarting");
    }

    [Fact]
    public async Task Timeout_ExplorationTooLong_FailsAsTimeoutNotAsPass()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), nameof(FailureExpectedSamples.Timeout_ExplorationTooLong_FailsAsTimeout));

        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(testCase);

        ITestFailed failure = XunitHarness.SingleFailure(bus);
        failure.ExceptionTypes.ShouldBe([typeof(TimeoutException).FullName]);
        failure.Messages[0].ShouldStartWith("Test execution timed out after 400 ms (Timeout): Asynkit explored ");
        failure.Messages[0].ShouldContain("of the 100,000,000 asked for, and none failed");
    }

    [Fact]
    public void Samples_AllCarryTheFailureExpectedCategory()
    {
        IReadOnlyList<IXunitTestCase> cases = [.. XunitHarness.Discover(typeof(FailureExpectedSamples)), .. XunitHarness.Discover(typeof(HangingSample))];
        cases.Count.ShouldBe(10);
        cases.ShouldAllBe(c => c.Traits["Category"].Contains("FailureExpected"));
    }

    /// <summary>The token of the replay line <c>[Attribute(Replay = "token")]</c> in <paramref name="message"/>.</summary>
    internal static string ReplayLineIn(string message, string attribute)
    {
        Match match = ReplayLine().Match(message);
        match.Success.ShouldBeTrue($"no replay line in:{Environment.NewLine}{message}");
        match.Groups["attribute"].Value.ShouldBe(attribute);
        return match.Groups["token"].Value;
    }

    /// <summary>The test case of the same method and row with other settings: what pasting a line into the attribute gives.</summary>
    internal static AsynkitTestCase Pasted(IXunitTestCase original, TestSettings settings) =>
        new(new NullMessageSink(), TestMethodDisplay.ClassAndMethod, TestMethodDisplayOptions.None, original.TestMethod, settings, original.TestMethodArguments);

    [GeneratedRegex("""\[(?<attribute>Asynkit(Fact|Theory))\(Replay = "(?<token>[^"]+)"\)\]""")]
    private static partial Regex ReplayLine();
}
