using Asynkit.Testing;
using Asynkit.Testing.Exploration;

namespace Asynkit.Benchmarks;

/// <summary>Work-item hash collisions (docs/foreign-work.md): the thread pool's events name a work item only by its 26-bit hash
/// code, so two pending items can share one. This suite makes that frequent by matching on fewer bits, runs explorations of a
/// program with thread-pool work on 8 threads at once (as parallel test classes do), with the determinism check, and counts
/// the explorations that come out nondeterministic: with each schedule run once (the baseline), and with a schedule that saw a
/// collision run again (what the explorer does).</summary>
internal sealed class CollisionsSuite : IBenchmarkSuite
{
    public string Name => "collisions";

    public void Run(BenchmarkReport report)
    {
        int threads = 8;
        int perThread = report.Quick ? 3 : 6;
        foreach (int bits in report.Quick ? new[] { 10 } : new[] { 8, 10 })
        {
            int? baseline = null;
            foreach (int attempts in new[] { 1, 3 })
            {
                (int failed, int total, int retried) = Hunt(bits, attempts, threads, perThread);
                string value = $"{failed} of {total} explorations nondeterministic";
                string comparison = attempts == 1
                    ? "each schedule run once: the baseline"
                    : $"baseline {baseline} of {total}; {retried} schedule(s) run again after a collision";
                report.Add(Name, $"hash codes cut to {bits} bits, {threads} explorations at a time, {(attempts == 1 ? "no rerun" : "rerun after a collision")}", value, comparison);
                baseline ??= failed;
            }
        }
    }

    private static (int Failed, int Total, int Retried) Hunt(int bits, int attempts, int threads, int perThread)
    {
        ForeignControl.IdMask = (1L << bits) - 1;
        ScheduleRunner.MaxAttempts = attempts;
        int failed = 0;
        int retried = 0;
        try
        {
            var workers = new List<Thread>();
            for (int t = 0; t < threads; t++)
            {
                var worker = new Thread(() =>
                {
                    for (int r = 0; r < perThread; r++)
                    {
                        ExplorationResult result = Explorer.Explore(PoolPipeline, new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 50, Seed = 1 + r, CheckDeterminism = true });
                        if (result.Failed)
                        {
                            Interlocked.Increment(ref failed);
                        }

                        Interlocked.Add(ref retried, result.CollisionReruns);
                    }
                });
                worker.Start();
                workers.Add(worker);
            }

            foreach (Thread worker in workers)
            {
                worker.Join();
            }
        }
        finally
        {
            ForeignControl.IdMask = -1;
            ScheduleRunner.MaxAttempts = 3;
        }

        return (failed, threads * perThread, retried);
    }

    /// <summary>Two tasks, each sending four rounds of work through the pool (Task.Run, ConfigureAwait(false)).</summary>
    private static async Task PoolPipeline()
    {
        int total = 0;
        async Task Worker()
        {
            for (int i = 1; i <= 4; i++)
            {
                int value = await Task.Run(() => i * 10);
                await Task.Yield();
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                total += value;
            }
        }

        AsynkitLoop loop = AsynkitLoop.RequireCurrent();
        await Task.WhenAll(loop.CreateTask(Worker, "a").Task, loop.CreateTask(Worker, "b").Task);
        if (total != 200)
        {
            throw new InvalidOperationException($"total {total}");
        }
    }
}
