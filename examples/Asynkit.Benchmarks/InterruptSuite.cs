using Asynkit.Testing;

namespace Asynkit.Benchmarks;

/// <summary>Costs of task interruption: Sleep(0) as a loop-owned (interruptible) wait against Task.Yield, TaskInterrupt round
/// trips, and TaskTimeout scopes that end in time.</summary>
internal sealed class InterruptSuite : IBenchmarkSuite
{
    public string Name => "interrupt";

    public void Run(BenchmarkReport report)
    {
        int rounds = report.Quick ? 2 : 5;
        int steps = report.Quick ? 50_000 : 500_000;
        int interrupts = report.Quick ? 20_000 : 200_000;

        (TimeSpan sleep0, TimeSpan yield) = BenchmarkReport.BestOfBoth(
            rounds,
            () => AsynkitLoop.Run(() => SleepZero(steps)),
            () => AsynkitLoop.Run(() => Yield(steps)));
        report.Add(Name, "await Scheduling.Sleep(0) (interruptible wait)", PerSecond(steps, sleep0), $"await Task.Yield(): {PerSecond(steps, yield)}");
        long sleepBytes = BenchmarkReport.Allocated(() => AsynkitLoop.Run(() => SleepZero(10_000)));
        long yieldBytes = BenchmarkReport.Allocated(() => AsynkitLoop.Run(() => Yield(10_000)));
        report.Add(Name, "bytes per await: Sleep(0)", $"{sleepBytes / 10_000.0:F0} B", $"Task.Yield(): {yieldBytes / 10_000.0:F0} B (both include one loop run)");

        int awaits = report.Quick ? 20_000 : 200_000;
        (TimeSpan awaitTask, TimeSpan awaitPromise) = BenchmarkReport.BestOfBoth(
            rounds,
            () => AsynkitLoop.Run(() => AwaitBlocking(awaits, plain: false)),
            () => AsynkitLoop.Run(() => AwaitBlocking(awaits, plain: true)));
        report.Add(Name, "blocking await loopTask (create, await a task that takes one step)", PerSecond(awaits, awaitTask), $"await loopTask.Task: {PerSecond(awaits, awaitPromise)}");
        long awaitBytes = BenchmarkReport.Allocated(() => AsynkitLoop.Run(() => AwaitBlocking(10_000, plain: false)));
        long promiseBytes = BenchmarkReport.Allocated(() => AsynkitLoop.Run(() => AwaitBlocking(10_000, plain: true)));
        report.Add(Name, "bytes per blocking await loopTask (incl. the task)", $"{awaitBytes / 10_000.0:F0} B", $"await loopTask.Task: {promiseBytes / 10_000.0:F0} B (both include one loop run)");
        long completedBytes = BenchmarkReport.Allocated(() => AsynkitLoop.Run(() => AwaitCompleted(1_000_000)));
        report.Add(Name, "bytes per await of a completed loopTask", $"{completedBytes / 1_000_000.0:F2} B", "1M awaits of one finished LoopTask and LoopTask<int> (includes one loop run)");

        TimeSpan interrupt = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => Interrupts(interrupts)));
        report.Add(Name, "TaskInterrupt round trips (blocked at Sleep, raise, switch back)", PerSecond(interrupts, interrupt), "one exception thrown per round trip");

        TimeSpan scopes = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => Scopes(interrupts)));
        report.Add(Name, "TaskTimeout scopes ending in time (one Sleep(0) inside)", PerSecond(interrupts, scopes), "timer created and disposed per scope");

        TimeSpan timeouts = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => Timeouts(interrupts)));
        report.Add(Name, "TaskTimeout scopes that fire (Sleep(2s) in a 1s scope)", PerSecond(interrupts, timeouts), "virtual time: no real waiting");
    }

    private static string PerSecond(int count, TimeSpan elapsed) => $"{count / elapsed.TotalSeconds / 1e6:N2} M/s";

    private static async Task SleepZero(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Scheduling.Sleep(TimeSpan.Zero);
        }
    }

    private static async Task Yield(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
        }
    }

    private static async Task AwaitBlocking(int count, bool plain)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        Func<Task> body = static () => Task.CompletedTask;
        for (int i = 0; i < count; i++)
        {
            LoopTask task = loop.CreateTask(body);
            if (plain)
            {
                await task.Task;
            }
            else
            {
                await task;
            }
        }
    }

    private static async Task AwaitCompleted(int count)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask done = loop.CreateTask(static () => Task.CompletedTask);
        LoopTask<int> value = loop.CreateTask(static () => Task.FromResult(1));
        await done;
        await value;
        int sum = 0;
        for (int i = 0; i < count / 2; i++)
        {
            await done;
            sum += await value;
        }

        GC.KeepAlive(sum);
    }

    private static async Task Interrupts(int count)
    {
        LoopTask worker = AsynkitLoop.Current!.CreateTask(async () =>
        {
            while (true)
            {
                try
                {
                    await Scheduling.Sleep(Timeout.InfiniteTimeSpan);
                }
                catch (TimeoutException)
                {
                }
            }
        });
        await Task.Yield();
        for (int i = 0; i < count; i++)
        {
            // A fresh exception each time: rethrowing one instance appends to its stack trace at every delivery.
            await Scheduling.TaskInterrupt(worker, new TimeoutException());
        }

        worker.Cancel();
    }

    private static async Task Scopes(int count)
    {
        for (int i = 0; i < count; i++)
        {
            using (Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
            {
                await Scheduling.Sleep(TimeSpan.Zero);
            }
        }
    }

    private static async Task Timeouts(int count)
    {
        for (int i = 0; i < count; i++)
        {
            try
            {
                using (Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
                {
                    await Scheduling.Sleep(TimeSpan.FromSeconds(2));
                }
            }
            catch (TaskTimeoutException)
            {
            }
        }
    }
}
