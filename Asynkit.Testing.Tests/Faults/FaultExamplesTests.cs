namespace Asynkit.Testing.Tests.Faults;

using Asynkit.Testing.Exploration;
using Asynkit.Testing.Faults;
using Asynkit.Testing.Tests.Monitors;

// Mirrors examples/Asynkit.Examples/Faults/ScriptedFaultsExample.cs and ExploreFaultsExample.cs (the snippets of docs/faults.md).
public sealed class FaultExamplesTests
{
    [Fact]
    public void ScriptedExample_SecondWriteFails_CacheKeepsBatch()
    {
        List<string> log = AsynkitLoop.Run(async () =>
        {
            var log = new List<string>();
            FaultPlan plan = new FaultPlan()
                .On("db.write").Nth(2).Throw(() => new IOException("disk full"));
            using FaultSession session = Faults.Activate(plan);

            var repository = new FakeRepository();
            var cache = new WriteBehindCache(repository);
            foreach (string item in (string[])["a", "b", "c"])
            {
                cache.Add(item);
                await cache.FlushAsync();   // the second write fails; the cache keeps "b" for the next flush
                log.Add($"after {item}: rows [{string.Join(",", repository.Rows)}], pending [{string.Join(",", cache.Pending)}]");
            }

            log.Add($"injected: {string.Join("; ", session.Injections)}");
            return log;
        });

        log.ShouldBe([
            "after a: rows [a], pending []",
            "after b: rows [a], pending [b]",
            "after c: rows [a,b,c], pending []",
            "injected: IOException: disk full at db.write #2 (step 3, task 'main')",
        ]);
    }

    [Fact]
    public void DelayCancelExample_VirtualTimeAndCancellation()
    {
        string outcome = AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            using FaultSession session = Faults.Activate(new FaultPlan()
                .On("db.read").Delay(TimeSpan.FromSeconds(30))
                .On("rpc").Cancel());

            await Faults.Point("db.read");            // waits 30 s of virtual time (no real waiting)
            string outcome = $"read done at +{loop.Clock.Elapsed.TotalSeconds}s";
            try
            {
                await Faults.Point("rpc");
            }
            catch (OperationCanceledException ex)
            {
                outcome += $"; rpc: {ex.Message}";
            }

            return outcome;
        });

        outcome.ShouldBe("read done at +30s; rpc: Fault injected at 'rpc #1': the call was cancelled.");
    }

    [Fact]
    public void ExploreExample_FindsReplaysAndPassesFixed()
    {
        ExplorableFaultPlan plan = new ExplorableFaultPlan { MaxFaults = 1 }
            .At("db.write", () => new IOException("connection reset"));
        Func<Task> WithPlan(bool buggy) => async () =>
        {
            using FaultSession session = Faults.Activate(plan);
            await Scenario(buggy)();
        };

        var options = new ExplorationOptions { Strategy = StrategyKind.Exhaustive, Iterations = 1000 };
        ExplorationResult found = Explorer.Explore(WithPlan(buggy: true), options);
        found.Failure!.Message.ShouldBe("write lost: rows [], pending [a]");
        found.FailingIteration.ShouldBe(8);

        ExplorationResult replayed = Explorer.Replay(WithPlan(buggy: true), found.ReplayToken!);
        replayed.Failure!.Message.ShouldBe(found.Failure.Message);

        ExplorationResult fixedCache = Explorer.Explore(WithPlan(buggy: false), options);
        fixedCache.Failed.ShouldBeFalse();
        fixedCache.SchedulesExplored.ShouldBe(12);
        fixedCache.SpaceCovered.ShouldBeTrue();
    }

    private static Func<Task> Scenario(bool buggy) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var repository = new FakeRepository();
        var cache = new WriteBehindCache(repository, buggy);
        cache.Add("a");
        LoopTask writer = loop.CreateTask(() =>
        {
            cache.Add("b");
            return Task.CompletedTask;
        }, "writer");
        LoopTask flusher = loop.CreateTask(cache.FlushAsync, "flusher");
        await writer;
        await flusher;

        List<string> kept = [.. repository.Rows.Concat(cache.Pending).Order(StringComparer.Ordinal)];
        if (!kept.SequenceEqual(["a", "b"]))
        {
            throw new InvalidOperationException($"write lost: rows [{string.Join(",", repository.Rows)}], pending [{string.Join(",", cache.Pending)}]");
        }
    };
}
