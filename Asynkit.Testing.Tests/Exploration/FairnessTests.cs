using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class FairnessTests
{
    private static ExplorationOptions Options(StrategyKind strategy) => new() { Strategy = strategy, Iterations = 200, Seed = 3, MaxSteps = 5_000 };

    [Theory]
    [InlineData(StrategyKind.Pct)]
    [InlineData(StrategyKind.Portfolio)]
    public void Explore_PollingForALowPriorityTask_IsFairAndPasses(StrategyKind strategy)
    {
        ExplorationResult result = Explorer.Explore(FairnessPrograms.Polling(), Options(strategy));

        result.Failed.ShouldBeFalse(result.ToString());
        result.SchedulesExplored.ShouldBe(200);
    }

    [Theory]
    [InlineData(StrategyKind.Pct)]
    [InlineData(StrategyKind.Portfolio)]
    public void Explore_PollingWithFairnessOff_ReportsTheFalseLivelock(StrategyKind strategy)
    {
        ExplorationResult result = Explorer.Explore(FairnessPrograms.Polling(), Options(strategy) with { FairAfterSteps = int.MaxValue, Shrink = false });

        result.Failure.ShouldBeOfType<LoopBudgetExceededException>().Message.ShouldContain("MaxSteps (5,000 steps)");
    }

    [Theory]
    [InlineData(StrategyKind.Pct)]
    [InlineData(StrategyKind.Portfolio)]
    public void Explore_RealLivelock_StillFailsWithinItsBudget(StrategyKind strategy)
    {
        ExplorationResult result = Explorer.Explore(FairnessPrograms.ScheduleDependentLivelock(), Options(strategy) with { Shrink = false });

        result.Failure.ShouldBeOfType<LoopBudgetExceededException>();
        result.FailingIteration.ShouldNotBeNull().ShouldBeGreaterThan(1);
        result.Trace.ShouldNotBeNull().ShouldContain("spinner");
    }

    [Fact]
    public void Explore_PollingUnderAPreemptionBound_GoesOnInFifoOrderAfterTheFairBound()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Exhaustive, PreemptionBound = 0, MaxSteps = 5_000, Iterations = 100 };

        ExplorationResult fair = Explorer.Explore(FairnessPrograms.Polling(), options);
        ExplorationResult unfair = Explorer.Explore(FairnessPrograms.Polling(), options with { FairAfterSteps = int.MaxValue, Shrink = false });

        fair.Failed.ShouldBeFalse(fair.ToString());
        fair.SpaceCovered.ShouldBeTrue();
        unfair.Failure.ShouldBeOfType<LoopBudgetExceededException>();
    }

    [Fact]
    public void Explore_NegativeFairAfterSteps_IsRejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Explorer.Explore(() => Task.CompletedTask, new ExplorationOptions { FairAfterSteps = -1 }))
            .Message.ShouldContain("ExplorationOptions.FairAfterSteps");
    }
}
