namespace Asynkit.Testing.Tests;

/// <summary>Blocks every thread-pool thread (and some work queued behind them) until disposed.</summary>
internal sealed class BusyPool : IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private int _running;

    private BusyPool()
    {
    }

    public static BusyPool Fill()
    {
        var pool = new BusyPool();
        pool.TopUp();
        return pool;
    }

    /// <summary>Blocks every thread the pool has now (it may have added some since), with a few more items queued behind them.</summary>
    public void TopUp()
    {
        int threads = ThreadPool.ThreadCount;
        int missing = threads - Volatile.Read(ref _running) + 4;
        for (int i = 0; i < missing; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state =>
            {
                var self = (BusyPool)state!;
                Interlocked.Increment(ref self._running);
                self._release.Wait();
                Interlocked.Decrement(ref self._running);
            }, this);
        }

        // Wait until the pool is full: every thread it had is blocked, and more work is queued behind them.
        SpinWait.SpinUntil(() => Volatile.Read(ref _running) >= threads, TimeSpan.FromSeconds(30)).ShouldBeTrue("the thread pool did not fill");
    }

    public void Dispose()
    {
        _release.Set();
        SpinWait.SpinUntil(() => Volatile.Read(ref _running) == 0, TimeSpan.FromSeconds(30));
        _release.Dispose();
    }
}
