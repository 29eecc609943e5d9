using Asynkit.Testing;

namespace Asynkit.Benchmarks;

/// <summary>What a controlled thread-pool step costs (docs/foreign-work.md): work the loop's code sends to the pool (Task.Run, a
/// ConfigureAwait(false) continuation) against a plain step of the loop, and a bare thread-pool hop, measured in the same process.</summary>
internal sealed class ForeignSuite : IBenchmarkSuite
{
    public string Name => "foreign";

    public void Run(BenchmarkReport report)
    {
        int rounds = report.Quick ? 3 : 7;
        int count = report.Quick ? 500 : 5_000;

        // A plain step: await Task.Yield() on the loop.
        TimeSpan plain = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => Workloads.Yields(count)));
        double plainNs = plain.TotalNanoseconds / count;
        report.Add(Name, "plain step (await Task.Yield() on the loop)", $"{plainNs:F0} ns", "the baseline");

        // await Task.Run(() => { }) from a loop task: one controlled thread-pool turn, plus the posted continuation.
        TimeSpan run = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => TaskRuns(count)));
        double runNs = run.TotalNanoseconds / count;
        TimeSpan bareRun = BenchmarkReport.Best(rounds, () => TaskRuns(count).GetAwaiter().GetResult());
        double bareRunNs = bareRun.TotalNanoseconds / count;
        report.Add(Name, "await Task.Run(() => {}) from a loop task", $"{runNs / 1000:F1} µs", $"{runNs / plainNs:F0}x a plain step; {bareRunNs / 1000:F1} µs off the loop (uncontrolled)");

        // A ConfigureAwait(false) hop to the pool and back: one turn.
        TimeSpan hop = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => Hops(count)));
        double hopNs = hop.TotalNanoseconds / count;
        TimeSpan bareHop = BenchmarkReport.Best(rounds, () => Hops(count).GetAwaiter().GetResult());
        double bareHopNs = bareHop.TotalNanoseconds / count;
        report.Add(Name, "ConfigureAwait(false) hop through the pool", $"{hopNs / 1000:F1} µs", $"{hopNs / plainNs:F0}x a plain step; {bareHopNs / 1000:F1} µs off the loop (uncontrolled)");

        // A contended SemaphoreSlim.WaitAsync(token) handoff between two loop tasks (its continuation goes through the pool).
        TimeSpan sem = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => SemaphoreHandoffs(count / 5)));
        double semNs = sem.TotalNanoseconds / (count / 5);
        report.Add(Name, "contended SemaphoreSlim.WaitAsync(token) handoff", $"{semNs / 1000:F1} µs", $"{semNs / plainNs:F0}x a plain step");

        // How soon a run that escapes the loop's control fails: the verdict is read from what the tasks await, never waited for, so
        // it does not depend on the 2 s real-time wait the program would need. Idle pool, then every pool thread busy.
        int verdictRuns = report.Quick ? 5 : 50;
        foreach (bool busy in new[] { false, true })
        {
            foreach (string kind in EscapeKinds)
            {
                (TimeSpan median, TimeSpan worst, int escapes) = TimeToVerdict(kind, verdictRuns, busy);
                report.Add(Name, $"time to the escape error: {kind}{(busy ? ", every pool thread busy" : "")}", $"{median.TotalMilliseconds:F2} ms median, {worst.TotalMilliseconds:F1} ms worst", $"{escapes} of {verdictRuns} runs an UncontrolledConcurrencyException; the program's own real wait: 2 s");
            }
        }
    }

    private static readonly string[] EscapeKinds = ["real Task.Delay(2 s)", "System.Threading.Timer(2 s)", "real CancellationTokenSource(2 s) around a virtual wait", "LongRunning task"];

    private static (TimeSpan Median, TimeSpan Worst, int Escapes) TimeToVerdict(string kind, int runs, bool busy)
    {
        using var release = new ManualResetEventSlim();
        var blocked = new List<Task>();
        if (busy)
        {
            // Every thread the pool has now, plus a few items queued behind them.
            int threads = ThreadPool.ThreadCount + 4;
            for (int i = 0; i < threads; i++)
            {
                blocked.Add(Task.Factory.StartNew(() => release.Wait(), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default));
            }
        }

        var times = new List<TimeSpan>();
        int escapes = 0;
        try
        {
            for (int i = 0; i < runs; i++)
            {
                using var longRunningRelease = new ManualResetEventSlim();
                var watch = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    AsynkitLoop.Run(() => Escape(kind, longRunningRelease));
                }
                catch (UncontrolledConcurrencyException)
                {
                    escapes++;
                }
                catch (Exception)
                {
                    // Counted as not an escape.
                }

                times.Add(watch.Elapsed);
                longRunningRelease.Set();
            }
        }
        finally
        {
            release.Set();
            Task.WaitAll(blocked);
        }

        times.Sort();
        return (times[times.Count / 2], times[^1], escapes);
    }

    private static async Task Escape(string kind, ManualResetEventSlim release)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        switch (kind)
        {
            case "real Task.Delay(2 s)":
                await Task.Delay(TimeSpan.FromSeconds(2));
                break;
            case "System.Threading.Timer(2 s)":
                var fired = new TaskCompletionSource();
                using (new Timer(_ => fired.TrySetResult(), null, 2000, Timeout.Infinite))
                {
                    await fired.Task;
                }

                break;
            case "real CancellationTokenSource(2 s) around a virtual wait":
                using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
                {
                    await Task.Delay(TimeSpan.FromHours(1), loop.Clock, cts.Token);
                }

                break;
            default:
                await Task.Factory.StartNew(() => release.Wait(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                break;
        }
    }

    private static async Task TaskRuns(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Run(static () => { });
        }
    }

    private static async Task Hops(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }
    }

    private static async Task SemaphoreHandoffs(int count)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        using var ping = new SemaphoreSlim(0);
        using var pong = new SemaphoreSlim(0);
        using var cancel = new CancellationTokenSource();
        LoopTask other = loop.CreateTask(async () =>
        {
            for (int i = 0; i < count; i++)
            {
                await ping.WaitAsync(cancel.Token);
                pong.Release();
            }
        }, "other");
        for (int i = 0; i < count; i++)
        {
            ping.Release();
            await pong.WaitAsync(cancel.Token);
        }

        await other;
    }
}
