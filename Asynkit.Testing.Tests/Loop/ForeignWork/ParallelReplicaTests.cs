using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests;

/// <summary>Parallel.For/ForEach workers under control: their real-time slice is gone, so how many work items a Parallel call
/// makes (and so the schedule) does not depend on how fast the machine is.</summary>
public sealed class ParallelReplicaTests
{
    /// <summary>Two bodies that each wait (a parked turn) for an async add that yields on the loop; <paramref name="slow"/> makes
    /// the second body take longer in real time than any replica's slice (150 ms at most).</summary>
    private static async Task TwoBodies(Func<int, bool> slow, List<long?>? slices = null)
    {
        int total = 0;
        async Task Add(int amount)
        {
            await Task.Yield();
            total += amount;
        }

        await Task.Run(() => Parallel.ForEach(new[] { 1, 2 }, new ParallelOptions { MaxDegreeOfParallelism = 2 }, amount =>
        {
            if (slices is not null)
            {
                lock (slices)
                {
                    slices.Add(ParallelReplicas.SliceOf(ForeignControl.RunningTask));
                }
            }

            Add(amount).Wait();
            if (slow(amount))
            {
                // Slower than Parallel's slice (100 - 150 ms of Environment.TickCount) in real time, as a body that computes or
                // waits for I/O is: the outcome below holds however long it takes.
                Thread.Sleep(200);
            }
        }));

        total.ShouldBe(3);
    }

    [Fact]
    public void ThisRuntime_HasTheReplicaFieldsTheLoopNeeds()
    {
        // If a runtime renames them, Parallel.For/ForEach under the loop would depend on machine speed again: this says so.
        ParallelReplicas.Supported.ShouldBeTrue();
    }

    [Fact]
    public void EveryReplica_RunsWithoutATimeSlice()
    {
        var slices = new List<long?>();
        AsynkitLoop.Run(() => TwoBodies(_ => false, slices));

        // Both bodies ran, each in a replica (the root's and the one it queued), and neither replica had a slice left to run out.
        slices.Count.ShouldBe(2);
        slices.ShouldAllBe(slice => slice == ParallelReplicas.Unsliced);
    }

    [Fact]
    public void ABodySlowerThanTheSlice_MakesTheSameScheduleAsAFastOne()
    {
        // The first run's second body takes 200 ms of real time, longer than any replica's slice; the determinism check runs the
        // same schedule again with fast bodies. With a slice, the slow replica would have queued itself again: one more work item,
        // another schedule, and the check would fail.
        int runs = 0;
        ExplorationResult result = Explorer.Explore(
            () => TwoBodies(amount => amount == 2 && Interlocked.Increment(ref runs) == 1),
            new ExplorationOptions { Strategy = StrategyKind.Fifo, Iterations = 1, CheckDeterminism = true });

        result.Failed.ShouldBeFalse(result.Failure?.ToString());
        runs.ShouldBe(2);
    }
}
