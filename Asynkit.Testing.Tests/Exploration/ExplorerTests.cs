using System.Diagnostics;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class ExplorerTests
{
    public static TheoryData<ExplorationOptions, string> BadOptions => new()
    {
        { new ExplorationOptions { Iterations = 0 }, "Iterations" },
        { new ExplorationOptions { PctDepth = 0 }, "PctDepth" },
        { new ExplorationOptions { MaxSteps = 0 }, "MaxSteps" },
        { new ExplorationOptions { PreemptionBound = -1 }, "PreemptionBound" },
        { new ExplorationOptions { FirstSchedule = 0 }, "FirstSchedule" },
        { new ExplorationOptions { ShrinkTimeLimit = TimeSpan.FromSeconds(-1) }, "ShrinkTimeLimit" },
        { new ExplorationOptions { TimeLimit = TimeSpan.Zero }, "TimeLimit" },
        { new ExplorationOptions { Strategy = (StrategyKind)99 }, "Strategy" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Explore_OptionOutOfRange_ThrowsNamingTheOption(ExplorationOptions options, string option)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Explorer.Explore(() => Task.CompletedTask, options)).Message.ShouldContain($"ExplorationOptions.{option}");
    }

    [Fact]
    public void DriversFor_CoyoteDriverNotLoaded_ThrowsArgumentExceptionPointingToTheCoyotePackage()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Coyote };

        Should.Throw<ArgumentException>(() => ExplorationDrivers.For(options, "Asynkit.Testing.Coyote.CoyoteLoopDriver, Asynkit.Testing.Coyote.Missing"))
            .Message.ShouldContain("reference the Asynkit.Testing.Coyote package");
        ExplorationDrivers.Load(typeof(ExplorationResult).AssemblyQualifiedName!).ShouldBeNull();
    }

    [Fact]
    public void DriverNames_CoyoteDriverAndEntry_ResolveInTheCoyoteAssembly()
    {
        // The core package finds Coyote's types by name: a typo would make StrategyKind.Coyote say the package is missing.
        Type.GetType(ExplorationDrivers.CoyoteDriverTypeName, throwOnError: true)!.Assembly.GetName().Name.ShouldBe(ExplorationDrivers.CoyotePackage);
        ExplorationDrivers.CoyoteEntry().ShouldBeAssignableTo<ICoyoteEntry>();
        typeof(ExplorationResult).Assembly.GetReferencedAssemblies().Select(a => a.Name).ShouldNotContain(ExplorationDrivers.CoyotePackage);
        typeof(ExplorationResult).Assembly.GetReferencedAssemblies().ShouldNotContain(a => a.Name!.StartsWith("Microsoft.Coyote", StringComparison.Ordinal), "the core package carries no Coyote dependency");
    }

    [Theory]
    [InlineData(StrategyKind.Coyote, "CoyoteLoopDriver")]
    [InlineData(StrategyKind.Default, nameof(StrategyDriver))]
    [InlineData(StrategyKind.Exhaustive, nameof(StrategyDriver))]
    public void DriversFor_Strategy_FindsItsDriver(StrategyKind strategy, string driver)
    {
        ExplorationDrivers.For(new ExplorationOptions { Strategy = strategy }).GetType().Name.ShouldBe(driver);
    }

    [Fact]
    public void Explore_ExhaustiveFromALaterSchedule_IsRejected()
    {
        Should.Throw<ArgumentException>(() => Explorer.Explore(() => Task.CompletedTask, new ExplorationOptions { Strategy = StrategyKind.Exhaustive, FirstSchedule = 3 })).Message.ShouldContain("replay");
    }

    [Fact]
    public void Explore_NullArguments_Throw()
    {
        Should.Throw<ArgumentNullException>(() => Explorer.Explore(null!, new ExplorationOptions()));
        Should.Throw<ArgumentNullException>(() => Explorer.Explore(() => Task.CompletedTask, null!));
    }

    [Fact]
    public void Explore_InsideARunningLoop_ThrowsInvalidOperationException()
    {
        InvalidOperationException error = Should.Throw<InvalidOperationException>(() =>
            AsynkitLoop.Run(() =>
            {
                Explorer.Explore(() => Task.CompletedTask, new ExplorationOptions());
                return Task.CompletedTask;
            }));

        error.Message.ShouldContain("cannot be called inside a running loop");
    }

    [Fact]
    public void Explore_EachSchedule_RunsOnAFreshLoop()
    {
        var loops = new HashSet<AsynkitLoop>();

        Explorer.Explore(
            () =>
            {
                loops.Add(AsynkitLoop.Current!).ShouldBeTrue();
                AsynkitLoop.Current!.StepCount.ShouldBe(1);
                return Task.CompletedTask;
            },
            new ExplorationOptions { Iterations = 25, Strategy = StrategyKind.Random, Seed = 1 }).Failed.ShouldBeFalse();

        loops.Count.ShouldBe(25);
    }

    [Fact]
    public void Explore_Statistics_AreOnTheResultAndInTheReport()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.Interleavings(2, 2), new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 300, Seed = 1 });

        result.SchedulesExplored.ShouldBe(300);
        result.DistinctSchedules.ShouldBeInRange(2, 20);
        result.TotalSteps.ShouldBe(300 * 8L);
        result.Elapsed.ShouldBeGreaterThan(TimeSpan.Zero);
        result.SchedulesPerSecond.ShouldBeGreaterThan(0);
        result.Seed.ShouldBe(1);
        result.Statistics().ShouldStartWith($"300 schedule(s) explored ({result.DistinctSchedules} distinct), 2,400 steps");
        result.ToString().ShouldStartWith($"Asynkit: explored 300 schedules ({result.DistinctSchedules} distinct) in ");
    }

    [Fact]
    public void Explore_NoSeed_PicksOneThatReproducesTheRun()
    {
        ExplorationResult first = Explorer.Explore(ExplorationPrograms.RunToCompletion(), new ExplorationOptions { Strategy = StrategyKind.Pct, PctDepth = 1, Iterations = 200 });
        first.Failed.ShouldBeTrue();

        ExplorationResult again = Explorer.Explore(ExplorationPrograms.RunToCompletion(), new ExplorationOptions { Strategy = StrategyKind.Pct, PctDepth = 1, Iterations = 200, Seed = first.Seed });

        again.FailingIteration.ShouldBe(first.FailingIteration);
        again.ReplayToken.ShouldBe(first.ReplayToken);
    }

    [Fact]
    public void Explore_StopOnFirstFailureOff_CountsEveryFailingSchedule()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Strategy = StrategyKind.Exhaustive, StopOnFirstFailure = false, Shrink = false });

        // The 6 orders of two (read; write) pairs, times where main's continuation (ready once inc-1 is done, since it awaits
        // inc-1 first) runs among inc-2's remaining steps: 3+2+1+2+1+1 = 10 schedules. Only the 2 serial orders (4 schedules)
        // keep both updates.
        result.SchedulesExplored.ShouldBe(10);
        result.FailedSchedules.ShouldBe(6);
        result.FailingIteration.ShouldBe(1);
        result.SpaceCovered.ShouldBeFalse();
    }

    [Fact]
    public void Explore_Livelock_FailsWithTheStepBudget()
    {
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                while (true)
                {
                    await Task.Yield();
                }
            },
            new ExplorationOptions { Strategy = StrategyKind.Fifo, MaxSteps = 500 });

        result.Failure.ShouldBeOfType<LoopBudgetExceededException>().Message.ShouldContain("500");
    }

    [Fact]
    public void Explore_TimeLimit_StopsEarly()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.Interleavings(2, 2), new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = int.MaxValue, TimeLimit = TimeSpan.FromMilliseconds(50), Seed = 1 });

        result.Failed.ShouldBeFalse();
        result.SchedulesExplored.ShouldBeLessThan(int.MaxValue);
        result.StopReason.ShouldContain("time limit");
    }

    [Fact]
    public void Explore_LoopOptions_AreUsedForEverySchedule()
    {
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                _ = loop.CreateTask(async () => await Task.Delay(TimeSpan.FromHours(1), loop.Clock), "leftover");
                await Task.Yield();
            },
            new ExplorationOptions { Strategy = StrategyKind.Fifo, LoopOptions = new LoopOptions { LeftoverTasks = LeftoverTaskPolicy.Fail } });

        result.Failure.ShouldBeOfType<LeftoverTasksException>();
    }

    [Fact]
    public void Explore_WallClockBudgetRunsOut_ReportedOnceWithoutReplayOrShrinking()
    {
        int runs = 0;
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                runs++;
                while (true)
                {
                    await Task.Yield();
                }
            },
            new ExplorationOptions
            {
                Iterations = 10,
                MaxSteps = int.MaxValue,
                LoopOptions = new LoopOptions { MaxSteps = 0, WallClockTimeout = TimeSpan.FromMilliseconds(50) },
            });

        result.Failed.ShouldBeTrue();
        result.Failure.ShouldBeOfType<LoopBudgetExceededException>().IsWallClock.ShouldBeTrue();
        runs.ShouldBe(1); // not run again recorded, not replayed to trace it, not shrunk: each would only pay the timeout again
        result.Shrinking.ShouldBeNull();
        result.ReplayToken.ShouldBeNull(); // the schedule ran unrecorded; its number and the seed run it again
        result.FailingIteration.ShouldBe(1);
    }

    [Fact]
    public void Explore_TimeToFirstFailure_SetOnFailureOnlyAndWithinElapsed()
    {
        int counter = 0;
        Func<Task> racy = async () =>
        {
            counter = 0;
            LoopTask a = AsynkitLoop.Current!.CreateTask(async () => { int seen = counter; await Task.Yield(); counter = seen + 1; });
            LoopTask b = AsynkitLoop.Current!.CreateTask(async () => { int seen = counter; await Task.Yield(); counter = seen + 1; });
            await Task.WhenAll(a.Task, b.Task);
            if (counter != 2)
            {
                throw new InvalidOperationException("lost update");
            }
        };

        ExplorationResult failed = Explorer.Explore(racy, new ExplorationOptions { Iterations = 100, Seed = 3 });
        failed.Failed.ShouldBeTrue();
        TimeSpan found = failed.TimeToFirstFailure.ShouldNotBeNull();
        found.ShouldBeGreaterThan(TimeSpan.Zero);
        found.ShouldBeLessThanOrEqualTo(failed.Elapsed);

        ExplorationResult passed = Explorer.Explore(() => Task.CompletedTask, new ExplorationOptions { Iterations = 5 });
        passed.TimeToFirstFailure.ShouldBeNull();
    }
}
