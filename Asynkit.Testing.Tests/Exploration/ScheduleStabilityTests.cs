using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

/// <summary>What a seed means is pinned: the generator's sequence and the first failure (schedule and token) of a fixed program,
/// as recorded before the explorer's hot path was optimized. A change that gives a seed another schedule fails here, and the
/// recorded tokens still replay to the same failure.</summary>
public sealed class ScheduleStabilityTests
{
    private const string RandomToken = "ak1_AT2OAQ7AIAgDaYuEry3Z_98zAV3SmFa9wvukVsmY8MQ6cQSmKc1TnraSbbbYHqr_aDNPg2-_29SsVOBUFcVLdUSX_9Tc8O5z5nY5u-pv2_FuG_SAggp4GOsEw-TmH-RRUY0";
    private const string PctToken = "ak1_AfPx4GBk5mAmAbExMLEx4UCMrGxMVEMsDCwsjOQjADZkZtU";

    [Fact]
    public void ScheduleRandom_FixedSeed_GivesTheRecordedSequence()
    {
        var random = new ScheduleRandom(ScheduleRandom.ScheduleSeed(2026, 7));

        Enumerable.Range(0, 4).Select(_ => random.NextUInt64()).ShouldBe([0x62C3178695C0C60EUL, 0x95290CAB353E8B95UL, 0xDE1EB3AC01D87538UL, 0x0BC7BE3C48DEB3A2UL]);
        Enumerable.Range(0, 12).Select(_ => random.Next(10)).ShouldBe([2, 7, 4, 0, 1, 3, 7, 1, 8, 3, 6, 6]);
        Enumerable.Range(0, 4).Select(_ => random.NextInRange(1000)).ShouldBe([882L, 658L, 742L, 892L]);
    }

    [Theory]
    [InlineData(StrategyKind.Random, 173, RandomToken)]
    [InlineData(StrategyKind.Pct, 3, PctToken)]
    [InlineData(StrategyKind.Portfolio, 3, PctToken)]
    public void Explore_FixedSeed_FindsTheRecordedSchedule(StrategyKind strategy, int schedule, string token)
    {
        var options = new ExplorationOptions { Strategy = strategy, Seed = 5, Iterations = 10_000, Shrink = false };

        ExplorationResult serial = Explorer.Explore(FinishOrder, options);
        ExplorationResult parallel = Explorer.Explore(FinishOrder, options with { Parallelism = 2 });

        serial.FailingIteration.ShouldBe(schedule);
        serial.ReplayToken.ShouldBe(token);
        parallel.FailingIteration.ShouldBe(schedule);
        parallel.ReplayToken.ShouldBe(token);
    }

    [Theory]
    [InlineData(RandomToken)]
    [InlineData(PctToken)]
    public void Replay_RecordedToken_FailsTheSameWay(string token)
    {
        ExplorationResult result = Explorer.Replay(FinishOrder, token);

        result.Failed.ShouldBeTrue();
        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("task 0 finished last");
    }

    /// <summary>Four tasks of 10, 15, 20 and 25 yields; fails when task 0 finishes last.</summary>
    private static async Task FinishOrder()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var finished = new List<int>();
        var tasks = new Task[4];
        for (int t = 0; t < tasks.Length; t++)
        {
            int id = t;
            tasks[t] = loop.CreateTask(async () =>
            {
                for (int i = 0; i < 10 + (5 * id); i++)
                {
                    await Task.Yield();
                }

                finished.Add(id);
            }).Task;
        }

        await Task.WhenAll(tasks);
        if (finished[^1] == 0)
        {
            throw new InvalidOperationException("task 0 finished last");
        }
    }
}
