using System.Collections.Concurrent;
using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Cache stampede: requests for the same key miss the cache while the first fetch is in flight and all hit the backend.</summary>
/// <remarks>The bug: "cache miss -> await backend -> store" lets every concurrent miss call the backend. The fix
/// stores the in-flight Task in the cache (single flight), so later requests await the first one's fetch.</remarks>
public static class CacheStampede
{
    public static BugProgram Program { get; } = new(
        "cache-stampede",
        "concurrent cache misses each call the backend",
        () => RunAsync(singleFlight: false),
        () => RunAsync(singleFlight: true));

    private static async Task RunAsync(bool singleFlight)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var cache = new PriceCache(singleFlight, loop.Clock);
        var requests = new List<LoopTask<decimal>>();
        for (int i = 0; i < 3; i++)
        {
            requests.Add(loop.CreateTask(() => cache.GetPriceAsync("ACME"), $"request-{i}"));
            await Task.Yield(); // requests arrive one turn apart
        }

        foreach (LoopTask<decimal> request in requests)
        {
            InvariantViolationException.Check(await request == 42m, "cache-stampede: wrong price");
        }

        InvariantViolationException.Check(cache.BackendCalls == 1, $"cache-stampede: {cache.BackendCalls} backend calls for one key");
    }

    private sealed class PriceCache(bool singleFlight, TimeProvider time)
    {
        private static readonly TimeSpan s_timeToLive = TimeSpan.FromMinutes(1);
        private readonly ConcurrentDictionary<string, (decimal Price, DateTimeOffset FetchedAt)> _values = new();
        private readonly ConcurrentDictionary<string, Task<decimal>> _inFlight = new();

        public int BackendCalls { get; private set; }

        public async Task<decimal> GetPriceAsync(string symbol)
        {
            if (_values.TryGetValue(symbol, out var cached) && time.GetUtcNow() - cached.FetchedAt < s_timeToLive)
            {
                return cached.Price;
            }

            if (singleFlight)
            {
                return await _inFlight.GetOrAdd(symbol, FetchAndStoreAsync);
            }

            return await FetchAndStoreAsync(symbol);
        }

        private async Task<decimal> FetchAndStoreAsync(string symbol)
        {
            BackendCalls++;
            await Task.Yield(); // the backend round trip
            _values[symbol] = (42m, time.GetUtcNow());
            return 42m;
        }
    }
}
