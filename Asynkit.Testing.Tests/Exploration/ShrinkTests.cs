using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class ShrinkTests
{
    private const int Writer = 2;
    private const int Checker = 3;

    [Fact]
    public void Shrink_PlantedFailureWithFivePreemptions_CutsItToTheOnePreemptionCore()
    {
        // writer, checker, writer, checker, writer: four preemptions; the writer then runs into its section and the checker
        // preempts it there: the fifth.
        Func<Task> test = ExplorationPrograms.CriticalSection(before: 10);
        PlanChoice[] plan = [.. Tasks(Writer, Checker, Writer, Checker, Writer), .. Tasks(Enumerable.Repeat(Writer, 8).ToArray()), .. Tasks(Checker)];
        var runner = new ScheduleRunner(test, null, 10_000);
        var planted = new PlanStrategy(plan, PlanChoice.Stay);
        planted.Begin(0, 0);
        ScheduleRun found = runner.Run(planted, null);
        Exception failure = found.Failure.ShouldBeOfType<InvalidOperationException>();
        found.Size.Preemptions.ShouldBe(5);

        var shrinker = new Shrinker(runner, found, TimeSpan.FromSeconds(30));
        shrinker.Run();

        shrinker.Best.Size.Preemptions.ShouldBe(1);
        shrinker.Best.Size.Steps.ShouldBeLessThan(found.Size.Steps);
        shrinker.Best.Failure.ShouldBeOfType<InvalidOperationException>();
        shrinker.TimedOut.ShouldBeFalse();
        shrinker.Report().Original.ShouldBe(found.Size);
        string token = ReplayToken.Encode(shrinker.Best.Schedule);
        Explorer.Replay(test, token).Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe(failure.Message);
    }

    [Fact]
    public void Explore_RandomFailureWithManyPreemptions_ReportsTheShrunkCore()
    {
        Func<Task> test = ExplorationPrograms.CriticalSection(before: 10);

        ExplorationResult result = Explorer.Explore(test, new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 1, Iterations = 100 });

        ShrinkReport shrinking = result.Shrinking.ShouldNotBeNull();
        shrinking.Original.Preemptions.ShouldBeGreaterThanOrEqualTo(5);
        shrinking.Shrunk.Preemptions.ShouldBe(1);
        shrinking.Attempts.ShouldBeGreaterThan(0);
        result.ToString().ShouldContain($"shrunk to 1 preemption (from {shrinking.Original.Preemptions})");
        Explorer.Replay(test, result.ReplayToken!).Failure!.Message.ShouldBe(result.Failure!.Message);
        Explorer.Replay(test, shrinking.OriginalReplayToken).Failure!.Message.ShouldBe(result.Failure.Message);
    }

    [Fact]
    public void Explore_ShrinkOff_ReportsTheScheduleAsFound()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.CriticalSection(), new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 1, Iterations = 100, Shrink = false });

        result.Shrinking.ShouldBeNull();
        result.Failed.ShouldBeTrue();
    }

    [Fact]
    public void Explore_FaultDecisions_ShrinkToTheOneFaultThatMatters()
    {
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                int faults = 0;
                for (int i = 0; i < 8; i++)
                {
                    faults += loop.Decide($"fault {i}", 2);
                    await Task.Yield();
                }

                if (faults > 0)
                {
                    throw new TimeoutException($"{faults} fault(s) injected");
                }
            },
            new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 3, Iterations = 50 });

        result.Failure.ShouldBeOfType<TimeoutException>().Message.ShouldBe("1 fault(s) injected");
        result.Shrinking!.Original.NonDefaultChoices.ShouldBeGreaterThan(1);
        result.Shrinking.Shrunk.NonDefaultChoices.ShouldBe(1);
        result.Trace.ShouldNotBeNull().ShouldContain("decision 'fault 0' -> option");
    }

    [Fact]
    public void Explore_ShrinkTimeLimitZero_StopsAtOnce()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.CriticalSection(), new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 1, Iterations = 100, ShrinkTimeLimit = TimeSpan.Zero });

        result.Shrinking!.TimedOut.ShouldBeTrue();
        result.Shrinking.Shrunk.ShouldBe(result.Shrinking.Original);
    }

    private static PlanChoice[] Tasks(params int[] ids) => ids.Select(id => new PlanChoice(ChoiceKind.Ready, id, -1)).ToArray();
}
