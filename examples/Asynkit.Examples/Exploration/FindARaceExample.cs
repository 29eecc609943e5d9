using Asynkit.Testing;
using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Exploration;

/// <summary>docs/exploration.md, "Finding a race": explore a lost update, read the report, replay the token.</summary>
internal static class FindARaceExample
{
    // The code under test: a cache that refreshes a counter with a read, an await, and a write.
    internal sealed class HitCounter
    {
        private int _hits;

        public int Hits => _hits;

        public async Task RecordAsync()
        {
            int seen = _hits;
            await Task.Yield(); // e.g. an await on a store
            _hits = seen + 1;
        }
    }

    // The test: all state is created inside, so every schedule starts fresh.
    public static async Task TwoRequests()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var counter = new HitCounter();
        LoopTask first = loop.CreateTask(counter.RecordAsync, "request-1");
        LoopTask second = loop.CreateTask(counter.RecordAsync, "request-2");
        await Task.WhenAll(first.Task, second.Task);
        if (counter.Hits != 2)
        {
            throw new InvalidOperationException($"lost update: {counter.Hits} hit(s) recorded, expected 2");
        }
    }

    public static ExplorationResult Run(TextWriter output)
    {
        ExplorationResult result = Explorer.Explore(TwoRequests, new ExplorationOptions { Iterations = 1000, Seed = 42 });
        output.WriteLine(result);                  // verdict, replay token, failure, shrinking, statistics, trace

        // Later, or on another machine: run exactly that schedule again, with its trace.
        ExplorationResult replayed = Explorer.Replay(TwoRequests, result.ReplayToken!);
        output.WriteLine($"replayed: {replayed.Failure?.Message}");
        return result;
    }
}
