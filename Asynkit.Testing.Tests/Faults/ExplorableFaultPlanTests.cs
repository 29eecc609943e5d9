using Asynkit.Examples.Faults;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Faults;
using Asynkit.Testing.Tests.Monitors;
using Xunit.Abstractions;

namespace Asynkit.Testing.Tests.Faults;

// The explorable plan makes "inject a fault here or not" a choice point of the loop's strategy. A test-only depth-first strategy
// (standing in for the Explorer) enumerates interleavings and fault placements together, and finds the planted bug of
// WriteBehindCache: an item added while a write is in flight is lost when that write fails. The bug needs both a particular
// interleaving (the flush starts before the writer) and the fault.
public sealed class ExplorableFaultPlanTests(ITestOutputHelper output)
{
    private static ExplorableFaultPlan Plan() =>
        new ExplorableFaultPlan { MaxFaults = 1 }.At("db.write", () => new IOException("connection reset"));

    // Nothing may be lost: every item is written or still pending (else "write lost: rows [..], pending [..]").
    private static Func<Task> Scenario(bool buggy) => ExploreFaultsExample.Scenario(buggy);

    [Fact]
    public void DefaultStrategy_DecidesNoFault()
    {
        int injected = AsynkitLoop.Run(async () =>
        {
            using FaultSession session = FaultPoints.Activate(Plan());
            await Scenario(buggy: true)();
            session.CallCount("db.write").ShouldBe(1);
            return session.Injections.Count;
        });

        injected.ShouldBe(0);
    }

    [Fact]
    public void DepthFirst_BuggyCache_FindsLostWriteNeedingInterleavingAndFault()
    {
        ScheduleSearch.Result result = ScheduleSearch.Explore(Scenario(buggy: true), Plan());

        result.Failure.ShouldNotBeNull();
        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("write lost: rows [], pending [a]");
        result.Schedules.ShouldBeGreaterThan(1);
        result.FailingDecisions.ShouldBe(["fault db.write #1=1"]);
        result.FailingChoices![0].ShouldBe(1); // the flusher ran before the writer: not asyncio's order
        output.WriteLine($"found after {result.Schedules} schedules; choices [{string.Join(",", result.FailingChoices)}]");
    }

    [Fact]
    public void Replay_FailingChoices_ReproducesTheSameFailure()
    {
        ScheduleSearch.Result found = ScheduleSearch.Explore(Scenario(buggy: true), Plan());
        found.FailingChoices.ShouldNotBeNull();

        for (int i = 0; i < 2; i++)
        {
            var replay = new ReplayStrategy(found.FailingChoices);
            Exception? failure = ScheduleSearch.RunOnce(Scenario(buggy: true), Plan(), replay);
            failure.ShouldNotBeNull();
            failure.Message.ShouldBe(found.Failure!.Message);
            replay.Decisions.ShouldBe(found.FailingDecisions!);
        }
    }

    [Theory]
    [InlineData(StrategyKind.Exhaustive)]
    [InlineData(StrategyKind.Random)]
    [InlineData(StrategyKind.Portfolio)]
    public void Explorer_BuggyCacheWithPlanActive_FindsLostWriteAndReplaysIt(StrategyKind strategy)
    {
        Func<Task> test = async () =>
        {
            using FaultSession session = FaultPoints.Activate(Plan());
            await Scenario(buggy: true)();
        };

        ExplorationResult result = Explorer.Explore(test, new ExplorationOptions { Iterations = 2000, Strategy = strategy, Seed = 7 });

        result.Failed.ShouldBeTrue();
        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldStartWith("write lost");
        result.Trace.ShouldNotBeNull().ShouldContain("fault db.write");
        ExplorationResult replay = Explorer.Replay(test, result.ReplayToken!);
        replay.Failed.ShouldBeTrue();
        replay.Failure!.Message.ShouldBe(result.Failure!.Message);
        output.WriteLine($"{strategy}: failed at schedule {result.FailingIteration}; token {result.ReplayToken}");
    }

    [Fact]
    public void Explorer_FixedCacheWithPlanActive_ExhaustiveProvesItClean()
    {
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                using FaultSession session = FaultPoints.Activate(Plan());
                await Scenario(buggy: false)();
            },
            new ExplorationOptions { Iterations = 10_000, Strategy = StrategyKind.Exhaustive });

        result.Failed.ShouldBeFalse();
        result.SchedulesExplored.ShouldBeGreaterThan(2);
        result.SchedulesExplored.ShouldBeLessThan(10_000);
        result.SpaceCovered.ShouldBeTrue();
    }

    [Fact]
    public void DepthFirst_FixedCache_AllSchedulesPass()
    {
        ScheduleSearch.Result result = ScheduleSearch.Explore(Scenario(buggy: false), Plan());

        result.Failure.ShouldBeNull();
        result.Schedules.ShouldBeGreaterThan(2);
        output.WriteLine($"{result.Schedules} schedules explored");
    }

    [Fact]
    public void FaultAloneOrInterleavingAlone_DoesNotFindTheBug()
    {
        // Every interleaving, no fault:
        ScheduleSearch.Result noFaults = ScheduleSearch.Explore(Scenario(buggy: true), new ExplorableFaultPlan());
        noFaults.Failure.ShouldBeNull();
        noFaults.Schedules.ShouldBeGreaterThan(1);

        // A fault on every write, asyncio order only:
        Exception? fifo = ScheduleSearch.RunOnce(Scenario(buggy: true), new FaultPlan().On("db.write").Throw(() => new IOException()), new FifoStrategy());
        fifo.ShouldBeNull();
    }

    [Fact]
    public void Choose_SeveralCandidates_OneOptionEachPlusNoFault()
    {
        var strategy = new RecordingStrategy(answer: 2);
        var plan = new ExplorableFaultPlan()
            .At("rpc", FaultAction.Cancel())
            .At("rpc", () => new TimeoutException("late"));
        plan.CandidatesAt("rpc").Count.ShouldBe(2);
        plan.CandidatesAt("other").ShouldBeEmpty();
        string message = RunWith(strategy, plan, async () =>
        {
            TimeoutException error = await Awaited.ThrowsAsync<TimeoutException>(() => FaultPoints.Point("rpc"));
            await FaultPoints.Point("rpc"); // MaxFaults (1) reached: no longer a choice point
            await FaultPoints.Point("other"); // no candidates: not a choice point
            return error.Message;
        });

        message.ShouldBe("late");
        strategy.Points.ShouldBe(["Decision fault rpc #1 (3 options)"]);
    }

    [Fact]
    public void MaxFaults_Zero_NeverAsks()
    {
        var strategy = new RecordingStrategy(answer: 1);
        ExplorableFaultPlan plan = Plan();
        plan.MaxFaults = 0;
        RunWith(strategy, plan, async () =>
        {
            await FaultPoints.Point("db.write");
            return "";
        });

        strategy.Points.ShouldBeEmpty();
        Should.Throw<ArgumentOutOfRangeException>(() => plan.MaxFaults = -1);
    }

    private static string RunWith(IScheduleStrategy strategy, IFaultPlan plan, Func<Task<string>> body)
    {
        using var loop = new AsynkitLoop(new LoopOptions { Strategy = strategy });
        using FaultSession session = FaultPoints.Attach(loop, plan);
        return loop.RunUntilComplete(body);
    }

    private sealed class FifoStrategy : IScheduleStrategy
    {
        public int Choose(in ChoicePoint point) => 0;
    }

    private sealed class RecordingStrategy(int answer) : IScheduleStrategy
    {
        public List<string> Points { get; } = [];

        public int Choose(in ChoicePoint point)
        {
            if (point.Kind != ChoiceKind.Decision)
            {
                return 0;
            }

            Points.Add($"{point.Kind} {point.Label} ({point.Count} options)");
            return answer;
        }
    }
}
