using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class StrategyTests
{
    public static TheoryData<StrategyKind> Strategies => new() { StrategyKind.Fifo, StrategyKind.Random, StrategyKind.Pct, StrategyKind.Exhaustive, StrategyKind.Portfolio };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Explore_LostUpdate_EveryStrategyFindsIt(StrategyKind strategy)
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Strategy = strategy, Iterations = 200, Seed = 11 });

        result.Failed.ShouldBeTrue(result.ToString());
        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldStartWith("lost update");
        result.ReplayToken.ShouldStartWith("ak1_");
        result.Trace.ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Explore_LostUpdate_ReplayOfTheFoundScheduleRaisesTheSameException(StrategyKind strategy)
    {
        Func<Task> test = ExplorationPrograms.LostUpdate(yieldsBetween: 2);
        ExplorationResult found = Explorer.Explore(test, new ExplorationOptions { Strategy = strategy, Iterations = 200, Seed = 5 });
        found.Failed.ShouldBeTrue();

        ExplorationResult replayed = Explorer.Replay(test, found.ReplayToken!);

        replayed.Failure.ShouldNotBeNull().GetType().ShouldBe(found.Failure!.GetType());
        replayed.Failure.Message.ShouldBe(found.Failure.Message);
        replayed.Trace.ShouldBe(found.Trace);
        Should.Throw<ExplorationFailedException>(replayed.ThrowIfFailed).InnerException.ShouldBeOfType<InvalidOperationException>();
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Explore_FixedLostUpdate_PassesEverySchedule(StrategyKind strategy)
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(fixedTwin: true, yieldsBetween: 2), new ExplorationOptions { Strategy = strategy, Iterations = 300, Seed = 3 });

        result.Failed.ShouldBeFalse(result.ToString());
        result.SchedulesExplored.ShouldBe(strategy == StrategyKind.Fifo ? 1 : strategy == StrategyKind.Exhaustive ? result.DistinctSchedules : 300);
        result.ThrowIfFailed();
    }

    [Fact]
    public void Explore_RunToCompletionBug_PctFindsAboutHalfTheTimeRandomNever()
    {
        var options = new ExplorationOptions { Iterations = 400, Seed = 2024, StopOnFirstFailure = false, Shrink = false };

        ExplorationResult random = Explorer.Explore(ExplorationPrograms.RunToCompletion(), options with { Strategy = StrategyKind.Random });
        ExplorationResult pct = Explorer.Explore(ExplorationPrograms.RunToCompletion(), options with { Strategy = StrategyKind.Pct, PctDepth = 1 });

        random.FailedSchedules.ShouldBe(0);
        pct.FailedSchedules.ShouldBeInRange(120, 280); // about 1/2 of 399 PCT schedules (schedule 1 is the FIFO calibration)
    }

    [Fact]
    public void Explore_RunToCompletionBug_PortfolioFindsItQuickly()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.RunToCompletion(), new ExplorationOptions { Iterations = 100, Seed = 9 });

        result.Strategy.ShouldBe(StrategyKind.Portfolio);
        result.Failed.ShouldBeTrue();
        result.FailingIteration.ShouldNotBeNull().ShouldBeLessThan(40);
        result.FailingStrategy.ShouldNotBeNull().ShouldContain("PCT");
    }

    [Fact]
    public void Explore_RunToCompletionFixed_PassesUnderPct()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.RunToCompletion(fixedTwin: true), new ExplorationOptions { Iterations = 200, Strategy = StrategyKind.Pct, PctDepth = 1, Seed = 1 });

        result.Failed.ShouldBeFalse();
    }

    [Fact]
    public void Explore_Fifo_RunsOneScheduleInAsyncioOrder()
    {
        var log = new List<string>();
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.Interleavings(2, 2, log), new ExplorationOptions { Strategy = StrategyKind.Fifo, Iterations = 50 });

        result.SchedulesExplored.ShouldBe(1);
        result.SpaceCovered.ShouldBeFalse();
        log.ShouldBe(["done"]);
    }

    [Fact]
    public void Explore_DefaultStrategy_FifoForOneIterationPortfolioForMore()
    {
        Explorer.Explore(ExplorationPrograms.Interleavings(2, 1), new ExplorationOptions { Iterations = 1 }).Strategy.ShouldBe(StrategyKind.Fifo);
        Explorer.Explore(ExplorationPrograms.Interleavings(2, 1), new ExplorationOptions { Iterations = 2 }).Strategy.ShouldBe(StrategyKind.Portfolio);
    }

    [Fact]
    public void Explore_Random_VisitsManyDistinctSchedules()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.Interleavings(2, 4), new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 200, Seed = 4 });

        result.SchedulesExplored.ShouldBe(200);
        result.DistinctSchedules.ShouldBeGreaterThan(100); // 252 schedules exist, but with unequal probabilities
        result.TotalSteps.ShouldBe(200 * 12L);
    }
}
