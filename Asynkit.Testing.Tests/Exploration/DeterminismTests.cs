using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class DeterminismTests
{
    private static Func<Task> Branching(Func<bool> extraAwait) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        bool extra = extraAwait();
        LoopTask a = loop.CreateTask(async () =>
        {
            await Task.Yield();
            if (extra)
            {
                await Task.Yield();
            }
        }, "a");
        LoopTask b = loop.CreateTask(async () => await Task.Yield(), "b");
        await Task.WhenAll(a.Task, b.Task);
    };

    [Fact]
    public void CheckDeterminism_StateThatSurvivesBetweenRuns_IsCaught()
    {
        int runs = 0; // like a static field: survives from one run to the next

        ExplorationResult result = Explorer.Explore(Branching(() => runs++ % 2 == 1), new ExplorationOptions { Iterations = 20, Seed = 1, CheckDeterminism = true });

        result.Failure.ShouldBeOfType<NondeterminismException>().Message.ShouldStartWith("uncontrolled nondeterminism");
        result.FailingIteration.ShouldBe(1);
        result.Shrinking.ShouldBeNull();
        result.ReplayToken.ShouldNotBeNull();
    }

    [Fact]
    public void CheckDeterminism_GuidDecidingABranch_IsCaught()
    {
        // Each repeat differs with probability 1/2: the chance that 64 schedules all agree is 2^-64.
        ExplorationResult result = Explorer.Explore(Branching(() => Guid.NewGuid().ToByteArray()[0] < 128), new ExplorationOptions { Iterations = 64, Seed = 1, CheckDeterminism = true });

        string message = result.Failure.ShouldBeOfType<NondeterminismException>().Message;
        message.ShouldStartWith("uncontrolled nondeterminism");
        message.ShouldContain("Likely cause: the test's code calls Guid.NewGuid() (in DeterminismTests.");
        message.ShouldContain("use AsynkitLoop.Current.Random (NextGuid() for Guids)");
    }

    [Fact]
    public void CheckDeterminism_RandomSharedInCodeUnderTest_MessagePointsAtIt()
    {
        ExplorationResult result = Explorer.Explore(UncontrolledPrograms.SharedRandomAsync, new ExplorationOptions { Iterations = 64, Seed = 1, CheckDeterminism = true });

        string message = result.Failure.ShouldBeOfType<NondeterminismException>().Message;
        message.ShouldContain("Likely cause: the test's code calls Random.Shared (in UncontrolledPrograms.CoinAsync)");
        message.ShouldNotContain("Guid.NewGuid");
    }

    [Fact]
    public void CheckDeterminism_WallClockInCodeUnderTest_MessagePointsAtDateTimeUtcNow()
    {
        ExplorationResult result = Explorer.Explore(UncontrolledPrograms.WallClockAsync, new ExplorationOptions { Iterations = 200, Seed = 1, CheckDeterminism = true });

        string message = result.Failure.ShouldBeOfType<NondeterminismException>().Message;
        message.ShouldContain("DateTime.UtcNow (in UncontrolledPrograms.WallClockAsync (lambda))");
    }

    [Fact]
    public void CheckDeterminism_StaticStateOnly_KeepsTheGeneralCauses()
    {
        int runs = 0;

        ExplorationResult result = Explorer.Explore(Branching(() => runs++ % 2 == 1), new ExplorationOptions { Iterations = 20, Seed = 1, CheckDeterminism = true });

        string message = result.Failure.ShouldBeOfType<NondeterminismException>().Message;
        message.ShouldNotContain("Likely cause");
        message.ShouldEndWith(NondeterminismException.Causes);
    }

    [Fact]
    public void CheckDeterminism_LoopRandomInstead_Passes()
    {
        ExplorationResult result = Explorer.Explore(UncontrolledPrograms.LoopRandomAsync, new ExplorationOptions { Iterations = 64, Seed = 1, CheckDeterminism = true });

        result.Failed.ShouldBeFalse(result.ToString());
    }

    [Fact]
    public void CheckDeterminism_OutcomeThatDiffers_IsCaught()
    {
        int runs = 0;

        ExplorationResult result = Explorer.Explore(
            () => runs++ % 2 == 0 ? throw new InvalidOperationException("first run only") : Task.CompletedTask,
            new ExplorationOptions { Iterations = 5, Seed = 1, CheckDeterminism = true });

        result.Failure.ShouldBeOfType<NondeterminismException>().Message.ShouldContain("failed with InvalidOperationException the first time and passed the second time");
    }

    [Fact]
    public void CheckDeterminism_StepsThatDiffer_NamesTheFirstDifferentStep()
    {
        int runs = 0;

        ExplorationResult result = Explorer.Explore(Branching(() => runs++ % 2 == 1), new ExplorationOptions { Strategy = StrategyKind.Fifo, CheckDeterminism = true });

        result.Failure.ShouldBeOfType<NondeterminismException>().Message.ShouldContain("step ");
    }

    [Fact]
    public void CheckDeterminism_SameStepsOtherContinuation_NamesTheStepAndBothMethods()
    {
        int runs = 0;

        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                if (runs++ % 2 == 0)
                {
                    await PathA();
                }
                else
                {
                    await PathB();
                }
            },
            new ExplorationOptions { Strategy = StrategyKind.Fifo, CheckDeterminism = true });

        string message = result.Failure.ShouldBeOfType<NondeterminismException>().Message;
        message.ShouldContain("step 2 ran main #1 at DeterminismTests.PathA");
        message.ShouldContain("the first time and main #1 at DeterminismTests.PathB");
    }

    private static async Task PathA() => await Task.Yield();

    private static async Task PathB() => await Task.Yield();

    [Fact]
    public void CheckDeterminism_DeterministicProgram_Passes()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(fixedTwin: true, yieldsBetween: 2), new ExplorationOptions { Iterations = 200, Seed = 1, CheckDeterminism = true });

        result.Failed.ShouldBeFalse(result.ToString());
        result.SchedulesExplored.ShouldBe(200);
    }

    [Fact]
    public void CheckDeterminism_DeterministicFailure_IsReportedAsItself()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Iterations = 20, Seed = 1, CheckDeterminism = true });

        result.Failure.ShouldBeOfType<InvalidOperationException>();
    }

    [Fact]
    public void Explore_WithoutTheCheck_DoesNotNoticeTheLeak()
    {
        int runs = 0;

        Explorer.Explore(Branching(() => runs++ % 2 == 1), new ExplorationOptions { Iterations = 20, Seed = 1 }).Failed.ShouldBeFalse();
    }
}

/// <summary>Programs whose branches depend on something outside the schedule, in code the test calls.</summary>
internal static class UncontrolledPrograms
{
    public static Task SharedRandomAsync() => BranchAsync(CoinAsync);

    public static Task LoopRandomAsync() => BranchAsync(() => Task.FromResult(AsynkitLoop.Current!.Random.Next(2) == 1));

    public static Task WallClockAsync() => BranchAsync(() => Task.FromResult(DateTime.UtcNow.Ticks / 10 % 2 == 1));

    private static async Task<bool> CoinAsync()
    {
        await Task.Yield();
        return Random.Shared.Next(2) == 1;
    }

    private static async Task BranchAsync(Func<Task<bool>> coin)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask a = loop.CreateTask(async () =>
        {
            if (await coin())
            {
                await Task.Yield();
            }
        }, "a");
        LoopTask b = loop.CreateTask(async () => await Task.Yield(), "b");
        await Task.WhenAll(a.Task, b.Task);
    }
}
