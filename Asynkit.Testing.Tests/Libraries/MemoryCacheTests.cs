using Microsoft.Extensions.Caching.Memory;

namespace Asynkit.Testing.Tests.Libraries;

/// <summary>Microsoft.Extensions.Caching.Memory: GetOrCreateAsync awaits the factory with ConfigureAwait(false), and the cache
/// scans for expired entries on the thread pool (Task.Factory.StartNew on the default scheduler).</summary>
public sealed class MemoryCacheTests
{
    private static Func<Task> Readers(bool planted) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        using var cache = new MemoryCache(new MemoryCacheOptions { ExpirationScanFrequency = TimeSpan.Zero });
        int loads = 0;
        var loading = new Dictionary<string, Task<int>>();
        async Task<int> Load(ICacheEntry entry)
        {
            loads++;
            entry.SlidingExpiration = TimeSpan.FromMinutes(1);
            await Task.Delay(TimeSpan.FromMilliseconds(50), loop.Clock);
            return 42;
        }

        async Task<int> Read()
        {
            if (planted)
            {
                // Planted bug: GetOrCreateAsync alone does not stop two readers from loading the same key (a cache stampede).
                return await cache.GetOrCreateAsync("answer", Load);
            }

            // The fix: one shared load per key.
            if (!loading.TryGetValue("answer", out Task<int>? load))
            {
                load = cache.GetOrCreateAsync("answer", Load)!;
                loading["answer"] = load;
            }

            return await load;
        }

        int[] values = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => loop.CreateTask(Read, $"reader{i}").Task));
        values.ShouldAllBe(v => v == 42);
        if (loads != 1)
        {
            throw new InvalidOperationException($"cache stampede: the value was loaded {loads} times");
        }
    };

    [Fact]
    public void GetOrCreateAsync_SharedLoad_IsDeterministic() => LibraryScenario.AssertDeterministic(Readers(planted: false));

    [Fact]
    public void GetOrCreateAsync_Stampede_RaceIsFound() => LibraryScenario.AssertRaceFound(Readers(planted: true), "cache stampede");
}
