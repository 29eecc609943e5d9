namespace Asynkit.Testing.Tests.Monitors;

using Asynkit.Examples.Monitors;

// A copy of examples/Asynkit.Examples/Monitors/PauseWriteExample.cs, kept because the example does not return what was on
// the wire, which the fixed-cache test checks. The monitor pattern: a repository fake with an OobMonitor hook lets the test
// pause a write mid-flight, run another task, inject an IOException, and check that nothing was lost.
public sealed class PauseWriteExampleTests
{
    private static (List<string> Pending, List<string> Rows, List<string> InFlight) PauseFailAndRetry(bool buggy) => AsynkitLoop.Run(async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var repository = new FakeRepository { WriteHook = new OobMonitor() };
        var cache = new WriteBehindCache(repository, buggy);
        cache.Add("a");

        // Drive the flush through the monitor: it runs inside this task until the write reaches the hook.
        BoundMonitor<object?> flush = repository.WriteHook.Bind(cache.FlushAsync);
        var inFlight = (IReadOnlyList<string>)(await flush.StartAsync())!;

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
        return (pending, repository.Rows.ToList(), inFlight.ToList());
    });

    [Fact]
    public void PauseWrite_FixedCache_NothingLost()
    {
        (List<string> pending, List<string> rows, List<string> inFlight) = PauseFailAndRetry(buggy: false);
        inFlight.ShouldBe(["a"]);
        pending.ShouldBe(["a", "b"]);
        rows.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void PauseWrite_BuggyCache_LosesTheItemAddedMidFlight()
    {
        (List<string> pending, List<string> rows, _) = PauseFailAndRetry(buggy: true);
        pending.ShouldBe(["a"]);
        rows.ShouldBe(["a"]); // "b" is gone: the bug the pattern exposes
    }
}
