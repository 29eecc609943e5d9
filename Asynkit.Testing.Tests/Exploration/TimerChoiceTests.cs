using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class TimerChoiceTests
{
    [Fact]
    public void Explore_TimersDueAtTheSameInstant_PctReordersThem()
    {
        ExplorationResult result = Explorer.Explore(FairnessPrograms.SameInstantTimers(), new ExplorationOptions { Strategy = StrategyKind.Pct, Iterations = 50, Seed = 5 });

        result.Failure.ShouldBeOfType<TimeoutException>();
        result.FailingIteration.ShouldNotBeNull().ShouldBeGreaterThan(1);
        result.Trace.ShouldNotBeNull().ShouldContain("timer fires");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Explore_TimersDueAtTheSameInstant_EveryPctDepthTriesBothOrders(int depth)
    {
        int failing = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            var options = new ExplorationOptions { Strategy = StrategyKind.Pct, PctDepth = depth, Iterations = 1, FirstSchedule = 2, Seed = seed, Shrink = false };
            failing += Explorer.Explore(FairnessPrograms.SameInstantTimers(), options).Failed ? 1 : 0;
        }

        // Each firing has its own random priority: about half of the schedules fire the timeout first.
        failing.ShouldBeInRange(4, 16);
    }

    [Fact]
    public void Explore_TimersDueAtTheSameInstant_ExhaustiveEnumeratesBothOrders()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Exhaustive, Iterations = 10 };

        ExplorationResult buggy = Explorer.Explore(FairnessPrograms.SameInstantTimers(), options);
        ExplorationResult fixedTwin = Explorer.Explore(FairnessPrograms.SameInstantTimers(fixedTwin: true), options);

        buggy.Failure.ShouldBeOfType<TimeoutException>();
        buggy.FailingIteration.ShouldNotBeNull().ShouldBeGreaterThan(1);
        fixedTwin.Failed.ShouldBeFalse(fixedTwin.ToString());
        fixedTwin.SpaceCovered.ShouldBeTrue();
        fixedTwin.SchedulesExplored.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Run_TimersDueAtTheSameInstant_KeepFifoOrderWithoutAStrategy()
    {
        Should.NotThrow(() => AsynkitLoop.Run(FairnessPrograms.SameInstantTimers()));
    }
}
