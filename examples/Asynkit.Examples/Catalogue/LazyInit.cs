using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Async double-checked lazy initialisation of a connection pool.</summary>
/// <remarks>The bug: "if (_pool is null) _pool = await CreatePoolAsync();" lets two callers both see null and both
/// create a pool (leaking one). The fix caches the Task of the one creation (Lazy&lt;Task&lt;T&gt;&gt;), so every
/// caller awaits the same creation.</remarks>
public static class LazyInit
{
    public static BugProgram Program { get; } = new(
        "lazy-init",
        "async double-checked lazy init creates the pool twice",
        () => RunAsync(new RacyPoolProvider()),
        () => RunAsync(new SharedTaskPoolProvider()));

    private static async Task RunAsync(PoolProvider provider)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask<object> a = loop.CreateTask(provider.GetPoolAsync, "request-a");
        await Task.Yield(); // the second request arrives a moment later
        await Task.Yield();
        LoopTask<object> b = loop.CreateTask(provider.GetPoolAsync, "request-b");
        object poolA = await a;
        object poolB = await b;
        InvariantViolationException.Check(provider.PoolsCreated == 1 && ReferenceEquals(poolA, poolB), $"lazy-init: {provider.PoolsCreated} pools created");
    }

    private abstract class PoolProvider
    {
        public int PoolsCreated { get; private set; }

        public abstract Task<object> GetPoolAsync();

        protected async Task<object> CreatePoolAsync()
        {
            PoolsCreated++;
            await Task.Yield(); // opening connections
            return new object();
        }
    }

    private sealed class RacyPoolProvider : PoolProvider
    {
        private object? _pool;

        public override async Task<object> GetPoolAsync()
        {
            if (_pool is null)
            {
                await Task.Yield(); // reading configuration first
                if (_pool is null)
                {
                    _pool = await CreatePoolAsync();
                }
            }

            return _pool;
        }
    }

    private sealed class SharedTaskPoolProvider : PoolProvider
    {
        private readonly Lazy<Task<object>> _pool;

        public SharedTaskPoolProvider() => _pool = new Lazy<Task<object>>(CreatePoolAsync);

        public override async Task<object> GetPoolAsync()
        {
            await Task.Yield(); // reading configuration first
            return await _pool.Value;
        }
    }
}
