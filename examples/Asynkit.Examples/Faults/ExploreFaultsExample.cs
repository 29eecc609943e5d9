namespace Asynkit.Examples.Faults;

using Asynkit.Examples.Monitors;
using Asynkit.Testing;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Faults;

/// <summary>An explorable fault plan: exploration enumerates fault placements together with interleavings, finds the planted
/// "write lost on IOException" bug, and the recorded choices replay it.</summary>
internal static class ExploreFaultsExample
{
    public static void Run(TextWriter output)
    {
        foreach (string line in FindAndReplay())
        {
            output.WriteLine(line);
        }
    }

    // docs/faults.md: begin explore
    public static Func<Task> Scenario(bool buggy) => async () =>
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

    public static List<string> FindAndReplay()
    {
        ExplorableFaultPlan plan = new ExplorableFaultPlan { MaxFaults = 1 }
            .At("db.write", () => new IOException("connection reset"));
        var log = new List<string>();
        Func<Task> WithPlan(bool buggy) => async () =>
        {
            using FaultSession session = FaultPoints.Activate(plan);   // fault decisions become choice points of this run
            await Scenario(buggy)();
        };

        var options = new ExplorationOptions { Strategy = StrategyKind.Exhaustive, Iterations = 1000 };
        ExplorationResult found = Explorer.Explore(WithPlan(buggy: true), options);
        log.Add($"buggy cache: schedule {found.FailingIteration} failed: {found.Failure?.Message}");

        ExplorationResult replayed = Explorer.Replay(WithPlan(buggy: true), found.ReplayToken!);
        log.Add($"replay: {replayed.Failure?.Message}");

        ExplorationResult fixedCache = Explorer.Explore(WithPlan(buggy: false), options);
        log.Add($"fixed cache: {fixedCache.SchedulesExplored} schedules, {(fixedCache.Failed ? fixedCache.Failure!.Message : "all pass")}{(fixedCache.SpaceCovered ? " (every schedule)" : "")}");
        return log;
    }
    // docs/faults.md: end explore
}
