using Asynkit.Testing.Exploration;
using Asynkit.Testing.Tests.Exploration;

namespace Asynkit.Testing.Tests;

public sealed class LoopRandomTests
{
    /// <summary>Fails when the loop's Random draws 7 below 50: about one schedule in 50, decided by the schedule's seed alone.</summary>
    private static Func<Task> UnluckyDraw(List<int>? draws = null) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        await Task.Yield();
        int draw = loop.Random.Next(50);
        draws?.Add(draw);
        if (draw == 7)
        {
            throw new InvalidOperationException($"unlucky draw {draw}");
        }
    };

    [Fact]
    public void Random_SameSeedInPlainRuns_DrawsTheSameNumbers()
    {
        int[] first = Draws(new LoopOptions { RandomSeed = 5 });
        int[] again = Draws(new LoopOptions { RandomSeed = 5 });
        int[] other = Draws(new LoopOptions { RandomSeed = 6 });

        again.ShouldBe(first);
        other.ShouldNotBe(first);
    }

    [Fact]
    public void Random_EverySchedule_HasASeedOfItsOwn()
    {
        var draws = new List<int>();

        Explorer.Explore(UnluckyDraw(draws), new ExplorationOptions { Iterations = 40, Seed = 3, Strategy = StrategyKind.Random, StopOnFirstFailure = false, Shrink = false });

        draws.Count.ShouldBe(40);
        draws.Distinct().Count().ShouldBeGreaterThan(20, "40 schedules drawing below 50 from one seed would draw one number");
    }

    [Fact]
    public void Random_FailureDecidedByADraw_IsFoundAndItsTokenReplaysTheDraw()
    {
        ExplorationResult result = Explorer.Explore(UnluckyDraw(), new ExplorationOptions { Iterations = 1000, Seed = 1, Strategy = StrategyKind.Random });

        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("unlucky draw 7");
        ReplayToken.Decode(result.ReplayToken!).RandomSeed.ShouldNotBeNull();
        for (int i = 0; i < 3; i++)
        {
            ExplorationResult replayed = Explorer.Replay(UnluckyDraw(), result.ReplayToken!);
            replayed.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("unlucky draw 7");
        }
    }

    [Fact]
    public void Random_FoundTwiceWithTheSameSeed_SameScheduleAndToken()
    {
        var options = new ExplorationOptions { Iterations = 1000, Seed = 9, Strategy = StrategyKind.Random };

        ExplorationResult first = Explorer.Explore(UnluckyDraw(), options);
        ExplorationResult second = Explorer.Explore(UnluckyDraw(), options);

        first.FailingIteration.ShouldNotBeNull();
        second.FailingIteration.ShouldBe(first.FailingIteration);
        second.ReplayToken.ShouldBe(first.ReplayToken);
    }

    [Fact]
    public void Random_InParallel_SameFailureAndTokenAsSerially()
    {
        var options = new ExplorationOptions { Iterations = 1000, Seed = 9, Strategy = StrategyKind.Random };

        ExplorationResult serial = Explorer.Explore(UnluckyDraw(), options);
        ExplorationResult parallel = Explorer.Explore(UnluckyDraw(), options with { Parallelism = 2 });

        parallel.FailingIteration.ShouldBe(serial.FailingIteration);
        parallel.ReplayToken.ShouldBe(serial.ReplayToken);
    }

    [Fact]
    public void Random_NeverDrawn_TokenCarriesNoSeed()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Iterations = 100, Seed = 1 });

        result.Failed.ShouldBeTrue();
        ReplayToken.Decode(result.ReplayToken!).RandomSeed.ShouldBeNull();
    }

    [Fact]
    public void Encode_RandomSeed_RoundTrips()
    {
        var schedule = new RecordedSchedule([new ChoiceRecord(ChoiceKind.Ready, 2, 1, 3)], 7) { RandomSeed = uint.MaxValue };

        RecordedSchedule decoded = ReplayToken.Decode(ReplayToken.Encode(schedule));

        decoded.RandomSeed.ShouldBe(uint.MaxValue);
        decoded.Choices.ShouldBe(schedule.Choices);
        decoded.Steps.ShouldBe(7);
    }

    [Fact]
    public void NextChoice_UnderExhaustiveSearch_EveryOptionIsTried()
    {
        var chosen = new HashSet<string>();

        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                await Task.Yield();
                chosen.Add(AsynkitLoop.Current!.Random.NextChoice("backend", ["a", "b", "c"]));
            },
            new ExplorationOptions { Iterations = 100, Strategy = StrategyKind.Exhaustive });

        result.Failed.ShouldBeFalse();
        result.SpaceCovered.ShouldBeTrue();
        result.SchedulesExplored.ShouldBe(3);
        chosen.ShouldBe(["a", "b", "c"], ignoreOrder: true);
    }

    [Fact]
    public void NextChoice_FailingOption_IsFoundTracedAndReplayed()
    {
        static async Task Test()
        {
            await Task.Yield();
            if (AsynkitLoop.Current!.Random.NextChoice("retry delay", 4) == 3)
            {
                throw new TimeoutException("retried too late");
            }
        }

        ExplorationResult result = Explorer.Explore(Test, new ExplorationOptions { Iterations = 200, Seed = 2 });

        result.Failure.ShouldBeOfType<TimeoutException>();
        result.Trace.ShouldNotBeNull().ShouldContain("random 'retry delay'");
        Explorer.Replay(Test, result.ReplayToken!).Failure.ShouldBeOfType<TimeoutException>();
    }

    [Fact]
    public void NextChoice_InFifoOrder_IsOptionZero()
    {
        int chosen = -1;

        AsynkitLoop.Run(() =>
        {
            chosen = AsynkitLoop.Current!.Random.NextChoice("option", 5);
            return Task.CompletedTask;
        });

        chosen.ShouldBe(0);
    }

    [Fact]
    public void Random_DrawsUnderExhaustiveSearch_AreNotMistakenForNondeterminism()
    {
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                LoopTask a = loop.CreateTask(async () =>
                {
                    await Task.Yield();
                    if (loop.Random.Next(2) == 1)
                    {
                        await Task.Yield();
                    }
                });
                LoopTask b = loop.CreateTask(async () => await Task.Yield());
                await Task.WhenAll(a.Task, b.Task);
            },
            new ExplorationOptions { Iterations = 1000, Strategy = StrategyKind.Exhaustive });

        result.Failure.ShouldBeNull();
        result.SpaceCovered.ShouldBeTrue();
    }

    [Fact]
    public void NextChoice_BadArguments_NameTheArgument()
    {
        AsynkitLoop.Run(() =>
        {
            LoopRandom random = AsynkitLoop.Current!.Random;
            Should.Throw<ArgumentException>(() => random.NextChoice("", 2)).ParamName.ShouldBe("label");
            Should.Throw<ArgumentOutOfRangeException>(() => random.NextChoice("x", 0)).ParamName.ShouldBe("count");
            Should.Throw<ArgumentException>(() => random.NextChoice("x", Array.Empty<int>())).ParamName.ShouldBe("options");
            Should.Throw<ArgumentOutOfRangeException>(() => random.Next(5, 4)).ParamName.ShouldBe("minValue");
            Should.Throw<ArgumentOutOfRangeException>(() => random.Next(-1)).ParamName.ShouldBe("maxValue");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Draws_StayInTheirRanges()
    {
        AsynkitLoop.Run(() =>
        {
            LoopRandom random = AsynkitLoop.Current!.Random;
            for (int i = 0; i < 2000; i++)
            {
                random.Next(-3, 4).ShouldBeInRange(-3, 3);
                random.Next(10).ShouldBeInRange(0, 9);
                random.NextInt64(long.MinValue, long.MaxValue).ShouldBeLessThan(long.MaxValue);
                random.NextDouble().ShouldBeInRange(0.0, 0.9999999999);
                random.NextSingle().ShouldBeLessThan(1.0f);
            }

            random.Next(0).ShouldBe(0);
            random.Next(int.MinValue, int.MaxValue).ShouldBeLessThan(int.MaxValue);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void NextGuid_IsAVersion4GuidFromTheSeed()
    {
        Guid first = Guid.Empty;
        Guid second = Guid.Empty;

        AsynkitLoop.Run(() => { first = AsynkitLoop.Current!.Random.NextGuid(); return Task.CompletedTask; }, new LoopOptions { RandomSeed = 4 });
        AsynkitLoop.Run(() => { second = AsynkitLoop.Current!.Random.NextGuid(); return Task.CompletedTask; }, new LoopOptions { RandomSeed = 4 });

        second.ShouldBe(first);
        first.Version.ShouldBe(4);
        (first.Variant & 0xC).ShouldBe(0x8);
    }

    private static int[] Draws(LoopOptions options)
    {
        var draws = new int[8];
        AsynkitLoop.Run(
            async () =>
            {
                for (int i = 0; i < draws.Length; i++)
                {
                    await Task.Yield();
                    draws[i] = AsynkitLoop.Current!.Random.Next(1_000_000);
                }
            },
            options);
        return draws;
    }
}
