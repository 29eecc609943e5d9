namespace Asynkit.Examples.Monitors;

using Asynkit.Testing;

/// <summary>The monitor pattern: pause a write mid-flight, run another task, inject an IOException, check that nothing was lost.</summary>
internal static class PauseWriteExample
{
    public static void Run(TextWriter output)
    {
        foreach (bool buggy in new[] { true, false })
        {
            (List<string> pending, List<string> rows) = PauseFailAndRetry(buggy);
            List<string> lost = ["a", "b"];
            lost.RemoveAll(rows.Contains);
            string verdict = lost.Count == 0 ? "nothing lost" : $"LOST {string.Join(",", lost)}";
            output.WriteLine($"{(buggy ? "buggy" : "fixed")} cache: pending after the failed write [{string.Join(",", pending)}], rows after retry [{string.Join(",", rows)}]: {verdict}");
        }
    }

    // docs/monitors.md: begin pause-write
    public static (List<string> Pending, List<string> Rows) PauseFailAndRetry(bool buggy) => AsynkitLoop.Run(async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var repository = new FakeRepository { WriteHook = new OobMonitor() };
        var cache = new WriteBehindCache(repository, buggy);
        cache.Add("a");

        // Drive the flush through the monitor: it runs inside this task until the write reaches the hook.
        BoundMonitor<object?> flush = repository.WriteHook.Bind(cache.FlushAsync);
        var inFlight = (IReadOnlyList<string>)(await flush.StartAsync())!;   // ["a"] is on the wire

        // While the write is paused, another task adds an item.
        await loop.CreateTask(() =>
        {
            cache.Add("b");
            return Task.CompletedTask;
        }, "writer");

        // The write fails: the IOException is raised inside the flush, at the hook.
        await flush.ThrowAsync(new IOException("connection reset"));
        var pending = cache.Pending.ToList();

        // A later flush, with no hook, writes whatever was kept.
        repository.WriteHook = null;
        await cache.FlushAsync();
        return (pending, repository.Rows.ToList());
    });
    // docs/monitors.md: end pause-write
}
