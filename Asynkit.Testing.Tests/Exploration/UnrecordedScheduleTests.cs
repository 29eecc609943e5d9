using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

/// <summary>Random, PCT and Portfolio schedules run without a record of their choices (their choices follow from the seed);
/// a failing schedule runs once more, recorded, for its token, and has to fail the same way again.</summary>
public sealed class UnrecordedScheduleTests
{
    [Theory]
    [InlineData(StrategyKind.Random)]
    [InlineData(StrategyKind.Pct)]
    [InlineData(StrategyKind.Portfolio)]
    public void FailingSchedule_RunsOnceMoreRecorded_AndItsTokenReplaysTheFailure(StrategyKind strategy)
    {
        int runs = 0;
        Func<Task> lostUpdate = ExplorationPrograms.LostUpdate(yieldsBetween: 3);
        Func<Task> counted = () =>
        {
            runs++;
            return lostUpdate();
        };

        ExplorationResult result = Explorer.Explore(counted, new ExplorationOptions { Strategy = strategy, Seed = 11, Iterations = 1_000, Shrink = false });

        result.Failed.ShouldBeTrue();
        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldContain("lost update");

        // Every schedule up to the failing one ran once, the failing one once more (recorded), and the report replayed it once
        // for its trace.
        runs.ShouldBe(result.FailingIteration!.Value + 2);
        ExplorationResult replay = Explorer.Replay(lostUpdate, result.ReplayToken!);
        replay.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe(result.Failure.Message);
    }

    [Fact]
    public void ScheduleThatFailsOnlyTheFirstTime_IsReportedAsNondeterminism_NamingBothOutcomes()
    {
        int runs = 0;
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                await Task.Yield();
                if (++runs == 1)
                {
                    throw new InvalidOperationException("only the first run fails");
                }
            },
            new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 5 });

        NondeterminismException error = result.Failure.ShouldBeOfType<NondeterminismException>();
        error.Message.ShouldContain("schedule 1 failed with InvalidOperationException: only the first run fails; run again from its seed (the same choices), it passed");
        error.InnerException.ShouldBeOfType<InvalidOperationException>();
    }
}
