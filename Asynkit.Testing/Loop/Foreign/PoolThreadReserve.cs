namespace Asynkit.Testing;

/// <summary>Keeps the thread pool's minimum worker count above the number of pool threads the loops hold (waiting for their turn,
/// or parked in a synchronous wait), so that held threads never starve the pool: without it the pool adds a thread only about once
/// a second, and a test that queues many Task.Runs would crawl.</summary>
internal static class PoolThreadReserve
{
    private static readonly Lock s_gate = new();
    private static int s_held;
    private static int s_baseMinimum = -1;
    private static int s_raisedTo;

    internal static void Hold()
    {
        lock (s_gate)
        {
            s_held++;
            if (s_baseMinimum < 0)
            {
                ThreadPool.GetMinThreads(out s_baseMinimum, out _);
                s_raisedTo = s_baseMinimum;
            }

            int wanted = s_baseMinimum + s_held + 2;
            if (wanted > s_raisedTo)
            {
                ThreadPool.GetMinThreads(out _, out int io);
                if (ThreadPool.SetMinThreads(Math.Max(wanted, s_raisedTo * 2), io))
                {
                    ThreadPool.GetMinThreads(out s_raisedTo, out _);
                }
            }
        }
    }

    /// <summary>A loop waits for a pool thread to pick up its work and none comes (every thread is busy): add one now.</summary>
    internal static void Starving()
    {
        lock (s_gate)
        {
            if (s_baseMinimum < 0)
            {
                ThreadPool.GetMinThreads(out s_baseMinimum, out _);
                s_raisedTo = s_baseMinimum;
            }

            // Enough for the work queued ahead of ours to get a thread too, in one round of injection.
            int wanted = (int)Math.Min(ThreadPool.ThreadCount + Math.Min(ThreadPool.PendingWorkItemCount, 64) + 1, 1024);
            if (wanted > s_raisedTo)
            {
                ThreadPool.GetMinThreads(out _, out int io);
                if (ThreadPool.SetMinThreads(wanted, io))
                {
                    s_raisedTo = wanted;
                }
            }
        }
    }

    internal static void Release()
    {
        lock (s_gate)
        {
            if (--s_held == 0 && s_raisedTo != s_baseMinimum && s_baseMinimum >= 0)
            {
                ThreadPool.GetMinThreads(out _, out int io);
                ThreadPool.SetMinThreads(s_baseMinimum, io);
                s_raisedTo = s_baseMinimum;
            }
        }
    }
}
