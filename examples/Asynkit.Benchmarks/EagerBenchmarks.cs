using System.Diagnostics;
using Asynkit.Testing;

namespace Asynkit.Benchmarks;

/// <summary>Coro.Eager on a coroutine that completes synchronously, side by side with a direct call of the same async method.</summary>
internal sealed class EagerBenchmarks : IBenchmarkSuite
{
    private static readonly Func<Task<int>> s_compute = Compute;
    private static int s_counter;

    public string Name => "eager";

    public void Run(BenchmarkReport report)
    {
        int calls = report.Quick ? 200_000 : 2_000_000;
        int rounds = report.Quick ? 3 : 9;
        double direct = double.MaxValue;
        double eager = double.MaxValue;
        long directBytes = 0;
        long eagerBytes = 0;
        AsynkitLoop.Run(async () =>
        {
            // Interleaved rounds, best of each: both run in the same loop, task and warm-up state.
            for (int round = 0; round < rounds; round++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                long sum = 0;
                for (int i = 0; i < calls; i++)
                {
                    sum += await Compute();
                }

                watch.Stop();
                directBytes = GC.GetAllocatedBytesForCurrentThread() - before;
                direct = Math.Min(direct, watch.Elapsed.TotalNanoseconds / calls);

                before = GC.GetAllocatedBytesForCurrentThread();
                watch.Restart();
                for (int i = 0; i < calls; i++)
                {
                    sum += await Coro.Eager(s_compute);
                }

                watch.Stop();
                eagerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
                eager = Math.Min(eager, watch.Elapsed.TotalNanoseconds / calls);
                GC.KeepAlive(sum);
            }
        });

        report.Add(Name, "direct call of a synchronously-completing async method", $"{direct:F1} ns/op", $"{directBytes / calls} B/op, baseline");
        report.Add(Name, "Coro.Eager on the same method", $"{eager:F1} ns/op", $"{eagerBytes / calls} B/op, {eager / direct:F2}x the direct call (target <= 2x)");
    }

    private static async Task<int> Compute()
    {
        await Task.CompletedTask;
        return ++s_counter;
    }
}
