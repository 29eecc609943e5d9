using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class ExhaustiveTests
{
    private static ExplorationResult Exhaust(Func<Task> test, int? bound = null, int iterations = 10_000) =>
        Explorer.Explore(test, new ExplorationOptions { Strategy = StrategyKind.Exhaustive, Iterations = iterations, PreemptionBound = bound });

    [Theory]
    [InlineData(2, 1, 6)]    // AABB interleavings: 4! / (2! 2!)
    [InlineData(2, 2, 20)]   // 6! / (3! 3!)
    [InlineData(2, 4, 252)]  // 10! / (5! 5!)
    [InlineData(3, 1, 90)]   // 6! / (2! 2! 2!)
    [InlineData(3, 0, 6)]    // one step each: 3!
    [InlineData(1, 3, 1)]    // a single task never has a choice
    public void Explore_Interleavings_EnumeratesExactlyTheCountedSchedules(int tasks, int yields, int expected)
    {
        ExplorationResult result = Exhaust(ExplorationPrograms.Interleavings(tasks, yields));

        result.Failed.ShouldBeFalse();
        result.SpaceCovered.ShouldBeTrue();
        result.SchedulesExplored.ShouldBe(expected);
        result.DistinctSchedules.ShouldBe(expected);
        result.TotalSteps.ShouldBe(expected * (1L + (tasks * (yields + 1)) + 1));
    }

    [Theory]
    [InlineData(0, 2)]  // AAABBB, BBBAAA: switch only when a task finishes
    [InlineData(1, 6)]  // plus X^i Y^3 X^(3-i) for i in 1..2 and X in {A, B}
    [InlineData(2, 14)] // plus X^i Y^j X^(3-i) Y^(3-j) for i, j in 1..2
    [InlineData(5, 20)] // the bound no longer cuts anything
    public void Explore_PreemptionBound_EnumeratesTheSchedulesWithinIt(int bound, int expected)
    {
        ExplorationResult result = Exhaust(ExplorationPrograms.Interleavings(2, 2), bound);

        result.SpaceCovered.ShouldBeTrue();
        result.SchedulesExplored.ShouldBe(expected);
    }

    [Fact]
    public void Explore_FixedLostUpdate_ProvesEveryScheduleClean()
    {
        ExplorationResult result = Exhaust(ExplorationPrograms.LostUpdate(fixedTwin: true, yieldsBetween: 2));

        result.Failed.ShouldBeFalse();
        result.SpaceCovered.ShouldBeTrue();
        result.SchedulesExplored.ShouldBeGreaterThan(1);
        result.ToString().ShouldContain("every schedule was covered");
    }

    [Fact]
    public void Explore_LostUpdate_FindsItAndDoesNotClaimCoverage()
    {
        ExplorationResult result = Exhaust(ExplorationPrograms.LostUpdate(yieldsBetween: 3));

        result.Failed.ShouldBeTrue();
        result.SpaceCovered.ShouldBeFalse();
    }

    [Fact]
    public void Explore_IterationsSmallerThanTheSpace_DoesNotClaimCoverage()
    {
        ExplorationResult result = Exhaust(ExplorationPrograms.Interleavings(2, 2), iterations: 19);

        result.SchedulesExplored.ShouldBe(19);
        result.SpaceCovered.ShouldBeFalse();
    }

    [Fact]
    public void Explore_IterationsEqualToTheSpace_ClaimsCoverage()
    {
        ExplorationResult result = Exhaust(ExplorationPrograms.Interleavings(2, 2), iterations: 20);

        result.SchedulesExplored.ShouldBe(20);
        result.SpaceCovered.ShouldBeTrue();
    }

    [Fact]
    public void Explore_Decisions_AreEnumeratedWithTheInterleavings()
    {
        var seen = new HashSet<string>();
        ExplorationResult result = Exhaust(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            int first = loop.Decide("first", 2);
            await Task.Yield();
            int second = loop.Decide("second", 3);
            seen.Add($"{first}{second}");
        });

        result.SchedulesExplored.ShouldBe(6);
        result.SpaceCovered.ShouldBeTrue();
        seen.Count.ShouldBe(6);
    }

    [Fact]
    public void Explore_TimersDueAtTheSameInstant_AreChoicePoints()
    {
        var orders = new HashSet<string>();
        ExplorationResult result = Exhaust(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var order = new List<int>();
            for (int i = 0; i < 3; i++)
            {
                int n = i;
                loop.CallLater(TimeSpan.FromSeconds(1), () => order.Add(n));
            }

            await Asynkit.Testing.Scheduling.Sleep(TimeSpan.FromSeconds(2));
            orders.Add(string.Join(",", order));
        });

        result.SpaceCovered.ShouldBeTrue();
        orders.Count.ShouldBe(6);
    }

    [Fact]
    public void Explore_NondeterministicProgram_ReportsNondeterminism()
    {
        int runs = 0;
        ExplorationResult result = Exhaust(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            int extra = runs++ % 3; // state that survives from one run to the next
            LoopTask a = loop.CreateTask(async () =>
            {
                for (int i = 0; i < extra; i++)
                {
                    await Task.Yield();
                }
            });
            LoopTask b = loop.CreateTask(async () => await Task.Yield());
            await Task.WhenAll(a.Task, b.Task);
        });

        result.Failure.ShouldBeOfType<NondeterminismException>().Message.ShouldStartWith("uncontrolled nondeterminism");
    }
}
