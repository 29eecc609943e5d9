using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class ParallelExplorationTests
{
    [Theory]
    [InlineData(StrategyKind.Random, 2)]
    [InlineData(StrategyKind.Pct, 2)]
    [InlineData(StrategyKind.Portfolio, 3)]
    public void Explore_Parallel_ReportsTheSerialFirstFailureAndToken(StrategyKind strategy, int parallelism)
    {
        var options = new ExplorationOptions { Strategy = strategy, Iterations = 2_000, Seed = 77 };

        ExplorationResult serial = Explorer.Explore(ExplorationPrograms.CriticalSection(before: 14), options);
        ExplorationResult parallel = Explorer.Explore(ExplorationPrograms.CriticalSection(before: 14), options with { Parallelism = parallelism });

        serial.Failed.ShouldBeTrue();
        parallel.FailingIteration.ShouldBe(serial.FailingIteration);
        parallel.ReplayToken.ShouldBe(serial.ReplayToken);
        parallel.Shrinking!.OriginalReplayToken.ShouldBe(serial.Shrinking!.OriginalReplayToken);
        parallel.Trace.ShouldBe(serial.Trace);
        parallel.SchedulesExplored.ShouldBe(serial.SchedulesExplored);
        parallel.DistinctSchedules.ShouldBe(serial.DistinctSchedules);
        parallel.TotalSteps.ShouldBe(serial.TotalSteps);
        parallel.FailingStrategy.ShouldBe(serial.FailingStrategy);
    }

    [Fact]
    public void Explore_ParallelPass_CountsEveryScheduleAsSerialDoes()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Portfolio, Iterations = 600, Seed = 5 };

        ExplorationResult serial = Explorer.Explore(ExplorationPrograms.Interleavings(3, 2), options);
        ExplorationResult parallel = Explorer.Explore(ExplorationPrograms.Interleavings(3, 2), options with { Parallelism = 2 });

        parallel.Failed.ShouldBeFalse();
        parallel.SchedulesExplored.ShouldBe(600);
        parallel.DistinctSchedules.ShouldBe(serial.DistinctSchedules);
        parallel.TotalSteps.ShouldBe(serial.TotalSteps);
        parallel.StopReason.ShouldBe(serial.StopReason);
    }

    [Fact]
    public void Explore_ParallelWithoutStopOnFirstFailure_CountsEveryFailingSchedule()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 400, Seed = 9, StopOnFirstFailure = false, Shrink = false };

        ExplorationResult serial = Explorer.Explore(ExplorationPrograms.LostUpdate(), options);
        ExplorationResult parallel = Explorer.Explore(ExplorationPrograms.LostUpdate(), options with { Parallelism = 2 });

        parallel.FailedSchedules.ShouldBe(serial.FailedSchedules);
        parallel.FailedSchedules.ShouldBeGreaterThan(1);
        parallel.FailingIteration.ShouldBe(serial.FailingIteration);
        parallel.ReplayToken.ShouldBe(serial.ReplayToken);
    }

    [Fact]
    public void Explore_ParallelWarnings_AreTheSerialOnes()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 300, Seed = 2 };

        ExplorationResult serial = Explorer.Explore(EndOfRunTests.ThrowsWhenCancelled(), options);
        ExplorationResult parallel = Explorer.Explore(EndOfRunTests.ThrowsWhenCancelled(), options with { Parallelism = 2 });

        serial.Warnings.ShouldNotBeEmpty();
        parallel.Warnings.ShouldBe(serial.Warnings);
    }

    [Fact]
    public void Explore_ParallelExhaustive_RunsSeriallyAndCoversTheSameSpace()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Exhaustive, Iterations = 1_000 };

        ExplorationResult serial = Explorer.Explore(ExplorationPrograms.Interleavings(2, 3), options);
        ExplorationResult parallel = Explorer.Explore(ExplorationPrograms.Interleavings(2, 3), options with { Parallelism = 2 });

        parallel.SpaceCovered.ShouldBeTrue();
        parallel.SchedulesExplored.ShouldBe(serial.SchedulesExplored);
    }

    [Fact]
    public void Explore_ParallelismBelowOne_IsRejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Explorer.Explore(() => Task.CompletedTask, new ExplorationOptions { Parallelism = 0 }))
            .Message.ShouldContain("ExplorationOptions.Parallelism");
    }

    [Fact]
    public void Plan_ParallelismFromTheAttributeAndTheEnvironment_EnvironmentWins()
    {
        var settings = new TestSettings { Iterations = 100, Parallelism = 3 };

        TestPlan.Create(settings, "T.M", null, 0).Options!.Parallelism.ShouldBe(3);
        TestPlan.Create(settings with { Parallelism = 0 }, "T.M", null, 0).Options!.Parallelism.ShouldBe(1);
        using (AsynkitEnvironment.Use(new Dictionary<string, string> { [AsynkitEnvironment.ParallelismVariable] = "2" }))
        {
            TestPlan.Create(settings, "T.M", null, 0).Options!.Parallelism.ShouldBe(2);
        }

        using (AsynkitEnvironment.Use(new Dictionary<string, string> { [AsynkitEnvironment.ParallelismVariable] = "0" }))
        {
            Should.Throw<FormatException>(() => TestPlan.Create(settings, "T.M", null, 0)).Message.ShouldContain("ASYNKIT_PARALLELISM is '0'");
        }
    }
}
