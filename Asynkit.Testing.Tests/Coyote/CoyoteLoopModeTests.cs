using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Tests.Exploration;

namespace Asynkit.Testing.Tests.Coyote;

public sealed class CoyoteLoopModeTests
{
    public static TheoryData<CoyoteStrategy> Strategies => new()
    {
        CoyoteStrategy.Portfolio, CoyoteStrategy.Random, CoyoteStrategy.Probabilistic, CoyoteStrategy.Prioritization, CoyoteStrategy.DelayBounding,
    };

    private static ExplorationOptions Options(int seed, int iterations = 200) => new()
    {
        Strategy = StrategyKind.Coyote,
        Iterations = iterations,
        Seed = seed,
        ReportDirectory = Path.Combine(Path.GetTempPath(), "asynkit-coyote-tests"),
    };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Explore_LostUpdate_EveryCoyoteStrategyFindsIt(CoyoteStrategy strategy)
    {
        ExplorationResult result = CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(), Options(seed: 11), new CoyoteOptions { Strategy = strategy });

        result.Failed.ShouldBeTrue(result.ToString());
        result.Strategy.ShouldBe(StrategyKind.Coyote);
        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldStartWith("lost update");
        result.ReplayToken.ShouldStartWith("ak1_");
        result.CoyoteTrace.ShouldNotBeNullOrWhiteSpace();
        File.Exists(result.CoyoteTracePath).ShouldBeTrue(result.CoyoteTracePath);
        result.Trace.ShouldNotBeNull().ShouldContain("inc-1");
        result.ToString().ShouldContain($"Coyote trace: {result.CoyoteTracePath}");
        result.TimeToFirstFailure.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        result.TimeToFirstFailure.Value.ShouldBeLessThanOrEqualTo(result.Elapsed);
    }

    [Fact]
    public void Explore_CoyoteTraceFile_ReplaysTheSameScheduleAndFailure()
    {
        Func<Task> test = ExplorationPrograms.LostUpdate(yieldsBetween: 2);
        ExplorationResult found = CoyoteExplorer.Explore(test, Options(seed: 5) with { Shrink = false });
        found.Failed.ShouldBeTrue(found.ToString());

        ExplorationResult replayed = CoyoteExplorer.Explore(test, Options(seed: 5) with { Replay = found.CoyoteTracePath, Shrink = false });

        replayed.Failed.ShouldBeTrue(replayed.ToString());
        replayed.SchedulesExplored.ShouldBe(1);
        replayed.Failure!.GetType().ShouldBe(found.Failure!.GetType());
        replayed.Failure.Message.ShouldBe(found.Failure.Message);
        replayed.ReplayToken.ShouldBe(found.ReplayToken);
        replayed.Trace.ShouldBe(found.Trace);
    }

    [Fact]
    public void Explore_CoyoteTraceJson_ReplaysTheFailure()
    {
        Func<Task> test = ExplorationPrograms.LostUpdate();
        ExplorationResult found = CoyoteExplorer.Explore(test, Options(seed: 23) with { Shrink = false });
        found.Failed.ShouldBeTrue();

        ExplorationResult replayed = CoyoteExplorer.Explore(test, Options(seed: 999) with { Replay = found.CoyoteTrace, Shrink = false });

        replayed.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe(found.Failure!.Message);
        replayed.ReplayToken.ShouldBe(found.ReplayToken);
    }

    [Fact]
    public void Explore_OurReplayToken_ReplaysTheCoyoteFoundFailureWithoutCoyote()
    {
        Func<Task> test = ExplorationPrograms.LostUpdate(yieldsBetween: 3);
        ExplorationResult found = CoyoteExplorer.Explore(test, Options(seed: 8));
        found.Failed.ShouldBeTrue();

        ExplorationResult byExplorer = Explorer.Replay(test, found.ReplayToken!);
        ExplorationResult byCoyoteExplorer = CoyoteExplorer.Explore(test, Options(seed: 8) with { Replay = found.ReplayToken });

        byExplorer.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe(found.Failure!.Message);
        byCoyoteExplorer.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe(found.Failure.Message);
        byExplorer.Trace.ShouldBe(found.Trace);
    }

    [Fact]
    public void Explore_Shrink_ReportsTheUnshrunkTokenThatMatchesCoyotesTrace()
    {
        Func<Task> test = ExplorationPrograms.LostUpdate(yieldsBetween: 3);
        ExplorationResult shrunk = CoyoteExplorer.Explore(test, Options(seed: 8));
        ExplorationResult unshrunk = CoyoteExplorer.Explore(test, Options(seed: 8) with { Shrink = false });

        shrunk.Shrinking.ShouldNotBeNull().OriginalReplayToken.ShouldBe(unshrunk.ReplayToken);
        shrunk.FailingIteration.ShouldBe(unshrunk.FailingIteration);
        (shrunk.Shrinking.Shrunk.Steps <= shrunk.Shrinking.Original.Steps).ShouldBeTrue();
    }

    [Fact]
    public void Explore_SameSeed_SameFailingIterationAndSchedule()
    {
        ExplorationResult first = CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(yieldsBetween: 2), Options(seed: 77) with { Shrink = false });
        ExplorationResult second = CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(yieldsBetween: 2), Options(seed: 77) with { Shrink = false });

        first.Failed.ShouldBeTrue();
        second.FailingIteration.ShouldBe(first.FailingIteration);
        second.ReplayToken.ShouldBe(first.ReplayToken);
        second.Seed.ShouldBe(77);
    }

    [Fact]
    public void Explore_FixedLostUpdate_PassesEveryIterationWithManyDistinctSchedules()
    {
        ExplorationResult result = CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(fixedTwin: true, yieldsBetween: 2), Options(seed: 3, iterations: 150));

        result.Failed.ShouldBeFalse(result.ToString());
        result.TimeToFirstFailure.ShouldBeNull();
        result.SchedulesExplored.ShouldBe(150);
        result.DistinctSchedules.ShouldBeGreaterThan(5);
        result.CoyoteTracePath.ShouldBeNull();
        result.StopReason.ShouldBe("all 150 iteration(s) ran");
        result.ThrowIfFailed();
    }

    [Fact]
    public void Explore_CriticalSection_CoyoteFindsThePreemption()
    {
        ExplorationResult result = CoyoteExplorer.Explore(ExplorationPrograms.CriticalSection(before: 3), Options(seed: 4, iterations: 500));

        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldContain("critical section");
        Explorer.Replay(ExplorationPrograms.CriticalSection(before: 3), result.ReplayToken!).Failed.ShouldBeTrue();
    }

    [Fact]
    public void Explore_DeadlockingSchedule_ReportsTheLoopsDeadlock()
    {
        static Func<Task> Program() => async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var first = new TaskCompletionSource();
            var second = new TaskCompletionSource();
            LoopTask a = loop.CreateTask(async () =>
            {
                await Task.Yield();
                second.TrySetResult();
                await first.Task;
            }, "a");
            LoopTask b = loop.CreateTask(async () =>
            {
                if (!second.Task.IsCompleted)
                {
                    await first.Task; // waits for a signal nobody will send: a deadlock when b runs before a sets second
                }

                first.TrySetResult();
            }, "b");
            await Task.WhenAll(a.Task, b.Task);
        };

        ExplorationResult result = CoyoteExplorer.Explore(Program(), Options(seed: 2, iterations: 100));

        result.Failure.ShouldBeOfType<DeadlockException>();
        result.CoyoteTracePath.ShouldNotBeNull();
    }

    [Fact]
    public void Explore_CoyoteLog_GoesToTheOutputWriterAndNeverComplainsAboutRewriting()
    {
        var output = new StringWriter();
        ExplorationResult result = CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(fixedTwin: true), Options(seed: 1, iterations: 3), new CoyoteOptions { Output = output, Verbose = true });

        result.Failed.ShouldBeFalse();
        string log = output.ToString();
        log.ShouldContain("Iteration #3");
        log.ShouldNotContain("rewritten");
    }

    [Fact]
    public void Explore_TimeLimit_StopsEarly()
    {
        ExplorationResult result = CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(fixedTwin: true), Options(seed: 1, iterations: 1_000_000) with { TimeLimit = TimeSpan.FromMilliseconds(200) });

        result.Failed.ShouldBeFalse();
        result.SchedulesExplored.ShouldBeLessThan(1_000_000);
        result.StopReason.ShouldStartWith("the time limit");
    }

    [Fact]
    public void Explore_OtherStrategyKind_ThrowsArgumentException()
    {
        var error = Should.Throw<ArgumentException>(() => CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Strategy = StrategyKind.Random }));

        error.ParamName.ShouldBe("options");
        error.Message.ShouldContain("StrategyKind.Coyote");
    }

    [Fact]
    public void Explore_BoundOnPortfolio_ThrowsArgumentException()
    {
        var error = Should.Throw<ArgumentException>(() => CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(), Options(1), new CoyoteOptions { StrategyBound = 2 }));

        error.Message.ShouldContain("StrategyBound");
    }

    [Fact]
    public void Explore_InsideALoop_ThrowsInvalidOperationException()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(() =>
        {
            CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(), Options(1));
            return Task.CompletedTask;
        }));

        error.Message.ShouldContain("cannot be called inside a running AsynkitLoop");
    }

    [Fact]
    public void Explore_MalformedReplay_ThrowsFormatException()
    {
        Should.Throw<FormatException>(() => CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(), Options(1) with { Replay = "not-a-token" }));
    }
}
