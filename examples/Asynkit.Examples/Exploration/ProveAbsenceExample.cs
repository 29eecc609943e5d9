using Asynkit.Testing;
using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Exploration;

/// <summary>docs/exploration.md, "Proving a fix": exhaustive search covers every schedule of the fixed counter.</summary>
internal static class ProveAbsenceExample
{
    internal sealed class LockedHitCounter : IDisposable
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private int _hits;

        public int Hits => _hits;

        public void Dispose() => _lock.Dispose();

        public async Task RecordAsync()
        {
            await _lock.WaitAsync();
            try
            {
                int seen = _hits;
                await Task.Yield();
                _hits = seen + 1;
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    public static async Task ThreeRequests()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        using var counter = new LockedHitCounter();
        var requests = new Task[3];
        for (int i = 0; i < requests.Length; i++)
        {
            requests[i] = loop.CreateTask(counter.RecordAsync, $"request-{i + 1}").Task;
        }

        await Task.WhenAll(requests);
        if (counter.Hits != 3)
        {
            throw new InvalidOperationException($"lost update: {counter.Hits} hit(s) recorded, expected 3");
        }
    }

    public static ExplorationResult Run(TextWriter output)
    {
        ExplorationResult result = Explorer.Explore(ThreeRequests, new ExplorationOptions { Strategy = StrategyKind.Exhaustive, Iterations = 100_000 });
        output.WriteLine(result.SpaceCovered
            ? $"no schedule fails: all {result.SchedulesExplored} schedules were covered"
            : $"not proven: {result.StopReason}");
        return result;
    }
}
