using Asynkit.Testing;

namespace Asynkit.Benchmarks;

/// <summary>The cost of LoopOptions.PriorityScheduling and of PriorityLock, against the default FIFO loop in the same process.</summary>
internal sealed class PrioritySuite : IBenchmarkSuite
{
    public string Name => "priority";

    public void Run(BenchmarkReport report)
    {
        int rounds = report.Quick ? 3 : 10;
        int repeat = report.Quick ? 20 : 200;

        // 10 tasks x 100 Task.Yield(), spread over three priorities, on a priority loop and on the FIFO loop.
        long prioritySteps = 0;
        long fifoSteps = 0;
        (TimeSpan priorityTime, TimeSpan fifoTime) = BenchmarkReport.BestOfBoth(
            rounds,
            () => prioritySteps = BenchmarkReport.Repeat(repeat, () => YieldTasks(10, 100, priorityScheduling: true)),
            () => fifoSteps = BenchmarkReport.Repeat(repeat, () => YieldTasks(10, 100, priorityScheduling: false)));
        double priorityRate = prioritySteps / priorityTime.TotalSeconds;
        double fifoRate = fifoSteps / fifoTime.TotalSeconds;
        report.Add(Name, "10 tasks (3 priorities) x 100 Task.Yield(): steps/s", $"{priorityRate / 1e6:F2} M", $"FIFO loop {fifoRate / 1e6:F2} M/s: {100 * priorityRate / fifoRate:F0}%");

        // 10 tasks x 100 acquire/yield/release of one PriorityLock on a priority loop.
        long lockSteps = 0;
        TimeSpan lockTime = BenchmarkReport.Best(rounds, () => lockSteps = BenchmarkReport.Repeat(repeat / 10, () => LockTasks(10, 100)));
        report.Add(Name, "10 tasks x 100 PriorityLock acquire+yield+release: acquires/s", $"{repeat / 10 * 1000 / lockTime.TotalSeconds / 1e6:F2} M", $"{lockSteps / (repeat / 10) / 1000.0:F1} steps per acquire");
    }

    private static long YieldTasks(int tasks, int awaits, bool priorityScheduling)
    {
        using var loop = new AsynkitLoop(new LoopOptions { PriorityScheduling = priorityScheduling });
        loop.RunUntilComplete(async () =>
        {
            var all = new Task[tasks];
            for (int i = 0; i < tasks; i++)
            {
                all[i] = AsynkitLoop.Current!.CreateTask(() => Workloads.Yields(awaits), (i % 3 - 1) * TaskPriority.Low).Task;
            }

            await Task.WhenAll(all);
        });
        return loop.StepCount;
    }

    private static long LockTasks(int tasks, int acquires)
    {
        using var loop = new AsynkitLoop(new LoopOptions { PriorityScheduling = true });
        loop.RunUntilComplete(async () =>
        {
            var gate = new PriorityLock();
            var all = new Task[tasks];
            for (int i = 0; i < tasks; i++)
            {
                all[i] = AsynkitLoop.Current!.CreateTask(() => Locks(gate, acquires), i % 3 - 1).Task;
            }

            await Task.WhenAll(all);
        });
        return loop.StepCount;
    }

    private static async Task Locks(PriorityLock gate, int count)
    {
        for (int i = 0; i < count; i++)
        {
            using (await gate.AcquireAsync())
            {
                await Task.Yield();
            }
        }
    }
}
