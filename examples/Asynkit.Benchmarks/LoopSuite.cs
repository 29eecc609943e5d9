using Asynkit.Testing;

namespace Asynkit.Benchmarks;

/// <summary>The loop's raw speed against the bare baseline loop, measured in the same process.</summary>
internal sealed class LoopSuite : IBenchmarkSuite
{
    public string Name => "loop";

    public void Run(BenchmarkReport report)
    {
        int rounds = report.Quick ? 3 : 10;
        int repeat = report.Quick ? 20 : 200;

        // 10 tasks x 100 awaits of Task.Yield(), measured in alternation with the bare baseline.
        long loopSteps = 0;
        long bareSteps = 0;
        (TimeSpan loopTime, TimeSpan bareTime) = BenchmarkReport.BestOfBoth(
            rounds,
            () => loopSteps = BenchmarkReport.Repeat(repeat, () => Workloads.YieldTasksOnLoop(10, 100)),
            () => bareSteps = BenchmarkReport.Repeat(repeat, () => Workloads.YieldTasksOnBare(10, 100)));
        double loopRate = loopSteps / loopTime.TotalSeconds;
        double bareRate = bareSteps / bareTime.TotalSeconds;
        report.Add(Name, "10 tasks x 100 Task.Yield(): steps/s", $"{loopRate / 1e6:F2} M", $"bare loop {bareRate / 1e6:F2} M/s: {100 * loopRate / bareRate:F0}% of bare");

        // Ping-pong through TaskCompletionSource between two tasks (the bare loop runs these continuations inline, since all
        // its code shares one context; the AsynkitLoop posts them, as asyncio does, so compare exchanges, not steps).
        const int exchanges = 1000;
        (TimeSpan pingTime, TimeSpan barePing) = BenchmarkReport.BestOfBoth(
            rounds,
            () => BenchmarkReport.Repeat(repeat, () => Workloads.PingPongOnLoop(exchanges)),
            () => BenchmarkReport.Repeat(repeat, () => Workloads.PingPongOnBare(exchanges)));
        double pingRate = repeat * exchanges / pingTime.TotalSeconds;
        double barePingRate = repeat * exchanges / barePing.TotalSeconds;
        report.Add(Name, "ping-pong via TaskCompletionSource: exchanges/s", $"{pingRate / 1e6:F2} M", $"bare loop {barePingRate / 1e6:F2} M/s: {100 * pingRate / barePingRate:F0}% of bare");

        // Tiny runs: a new loop each time, 2 tasks x 5 awaits.
        int tiny = report.Quick ? 2_000 : 20_000;
        (TimeSpan tinyTime, TimeSpan bareTiny) = BenchmarkReport.BestOfBoth(
            rounds,
            () => BenchmarkReport.Repeat(tiny, () => Workloads.YieldTasksOnLoop(2, 5)),
            () => BenchmarkReport.Repeat(tiny, () => Workloads.YieldTasksOnBare(2, 5)));
        report.Add(Name, "tiny runs/s (new loop, 2 tasks x 5 awaits)", $"{tiny / tinyTime.TotalSeconds / 1e3:F1} k", $"bare loop {tiny / bareTiny.TotalSeconds / 1e3:F1} k/s");

        // Allocation per Task.Yield() step, measured on a long run so per-run costs vanish.
        long steps = 0;
        long bytes = BenchmarkReport.Allocated(() => steps = Workloads.YieldTasksOnLoop(10, 10_000));
        long bareBytes = BenchmarkReport.Allocated(() => bareSteps = Workloads.YieldTasksOnBare(10, 10_000));
        report.Add(Name, "bytes allocated per Task.Yield() step", $"{(double)bytes / steps:F1} B", $"bare {(double)bareBytes / bareSteps:F1} B");
    }
}
