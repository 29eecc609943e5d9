using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Lost update: two page-view recorders read a counter, await the store, and write back read + 1.</summary>
/// <remarks>The bug: the read and the write are separated by an await, so both recorders can read the same value and one
/// increment is lost. The fix serialises the read-modify-write with a SemaphoreSlim.</remarks>
public static class LostUpdate
{
    public static BugProgram Program { get; } = new(
        "lost-update",
        "two increments of a counter separated by an await; one is lost",
        () => RunAsync(new RacyCounter()),
        () => RunAsync(new LockedCounter()));

    private static async Task RunAsync(IPageViews views)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask a = loop.CreateTask(() => views.RecordAsync("/home"), "recorder-a");
        await Task.Yield(); // the second page view arrives a moment later: in asyncio order the first is done by then
        LoopTask b = loop.CreateTask(() => views.RecordAsync("/home"), "recorder-b");
        await a;
        await b;
        InvariantViolationException.Check(views.Count("/home") == 2, $"lost update: 2 page views recorded, counter says {views.Count("/home")}");
    }

    private interface IPageViews
    {
        Task RecordAsync(string page);

        int Count(string page);
    }

    private class RacyCounter : IPageViews
    {
        private readonly Dictionary<string, int> _counts = [];

        public virtual async Task RecordAsync(string page)
        {
            int current = _counts.GetValueOrDefault(page);
            await Task.Yield(); // the round trip to the store
            _counts[page] = current + 1;
        }

        public int Count(string page) => _counts.GetValueOrDefault(page);
    }

    private sealed class LockedCounter : RacyCounter
    {
        private readonly SemaphoreSlim _lock = new(1, 1);

        public override async Task RecordAsync(string page)
        {
            await _lock.WaitAsync();
            try
            {
                await base.RecordAsync(page);
            }
            finally
            {
                _lock.Release();
            }
        }
    }
}
