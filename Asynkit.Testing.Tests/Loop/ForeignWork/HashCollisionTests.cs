using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests;

/// <summary>Work items are matched by their 26-bit hash code, the only identity the thread pool's events carry: when a run's item
/// shares its code with other pending work, the run is told, and the explorer runs that schedule again.</summary>
public sealed class HashCollisionTests
{
    [Fact]
    public void TwoPendingItemsWithOneHashCode_MarkTheRun()
    {
        bool before = true;
        bool after = false;
        using var loop = new AsynkitLoop();
        loop.RunUntilComplete(async () =>
        {
            await Task.Run(() => { }); // the run controls the pool from here on (its marker exists)
            AsynkitLoop current = AsynkitLoop.RequireCurrent();
            before = current.IdCollisionSeen;
            var first = new ForeignItem(current, 0x2A2A2A, null, 1_000, 0) { Run = current.Marker };
            var second = new ForeignItem(current, 0x2A2A2A, null, 1_001, 0) { Run = current.Marker };
            ForeignControl.AddPending(first);
            ForeignControl.AddPending(second);
            ForeignControl.RemovePending(first);
            ForeignControl.RemovePending(second);
            after = current.IdCollisionSeen;
        });

        before.ShouldBeFalse();
        after.ShouldBeTrue();
        loop.Warnings.ShouldContain(w => w.Contains("shared its hash code with other pending work"));

        // The next run starts clean.
        loop.RunUntilComplete(async () => await Task.Run(() => { }));
        loop.IdCollisionSeen.ShouldBeFalse();
        loop.Warnings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AScheduleThatSawACollision_RunsAgain_AndItsResultIsTheRetrys(bool checkDeterminism)
    {
        // The first run of schedule 1 is told of a collision and fails; the explorer does not trust it, runs the schedule again,
        // and that run passes: so does the exploration.
        int runs = 0;
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                await Task.Run(() => { });
                if (++runs == 1)
                {
                    AsynkitLoop loop = AsynkitLoop.RequireCurrent();
                    loop.NoteIdCollision(loop.Marker);
                    throw new InvalidOperationException("a run a pool thread may have mixed up");
                }
            },
            new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 3, CheckDeterminism = checkDeterminism });

        result.Failed.ShouldBeFalse(result.Failure?.ToString());
        result.SchedulesExplored.ShouldBe(3);
        result.CollisionReruns.ShouldBe(1);
        runs.ShouldBe(checkDeterminism ? 7 : 4); // one run more than the schedules' own
    }
}
