namespace Asynkit.Examples.Faults;

using Asynkit.Examples.Monitors;
using Asynkit.Testing;
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

        (int schedules, Exception? failure, IReadOnlyList<int>? choices) = DepthFirstSearch.Explore(Scenario(buggy: true), plan);
        log.Add($"buggy cache: schedule {schedules} failed: {failure?.Message}; choices [{string.Join(",", choices ?? [])}]");

        Exception? replayed = DepthFirstSearch.RunOnce(Scenario(buggy: true), plan, new ReplayChoices(choices!));
        log.Add($"replay: {replayed?.Message}");

        (int fixedSchedules, Exception? fixedFailure, _) = DepthFirstSearch.Explore(Scenario(buggy: false), plan);
        log.Add($"fixed cache: {fixedSchedules} schedules, {(fixedFailure is null ? "all pass" : fixedFailure.Message)}");
        return log;
    }
    // docs/faults.md: end explore
}
