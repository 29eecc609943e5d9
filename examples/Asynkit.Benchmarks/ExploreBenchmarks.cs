using System.Diagnostics;
using System.Globalization;
using Asynkit.Testing;
using Asynkit.Testing.Exploration;

namespace Asynkit.Benchmarks;

/// <summary>Schedules per second of the explorer: a fresh loop per schedule, for a tiny and a larger program, tracing off and on.</summary>
internal sealed class ExploreBenchmarks : IBenchmarkSuite
{
    public string Name => "explore";

    public void Run(BenchmarkReport report)
    {
        int rounds = report.Quick ? 2 : 5;
        int tiny = report.Quick ? 50_000 : 400_000;
        int large = report.Quick ? 500 : 4_000;

        double bare = Rate(rounds, tiny, () =>
        {
            var options = new LoopOptions();
            for (int i = 0; i < tiny; i++)
            {
                AsynkitLoop.Run(TwoByFive, options);
            }
        });
        report.Add(Name, "2 tasks x 5 awaits: bare AsynkitLoop.Run, fresh loop each", $"{bare:N0} runs/s", "no strategy, no recording (the floor)");

        foreach (StrategyKind strategy in new[] { StrategyKind.Random, StrategyKind.Pct, StrategyKind.Portfolio, StrategyKind.Exhaustive })
        {
            double rate = Explore(rounds, TwoByFive, strategy, tiny, trace: false);
            report.Add(Name, $"2 tasks x 5 awaits: {strategy}, tracing off", $"{rate:N0} schedules/s", $"target >= 100,000; {Percent(rate, bare)} of the bare loop");
        }

        double traced = Explore(rounds, TwoByFive, StrategyKind.Random, tiny / 10, trace: true);
        report.Add(Name, "2 tasks x 5 awaits: Random, tracing on", $"{traced:N0} schedules/s", "every step traced (task, resume point, file:line)");
        double checkedRate = Explore(rounds, TwoByFive, StrategyKind.Random, tiny / 2, trace: false, checkDeterminism: true);
        report.Add(Name, "2 tasks x 5 awaits: Random, determinism check", $"{checkedRate:N0} schedules/s", "each schedule run twice, both traced");

        double largeOff = Explore(rounds, TenByHundred, StrategyKind.Random, large, trace: false);
        report.Add(Name, "10 tasks x 100 awaits: Random, tracing off", $"{largeOff:N0} schedules/s", $"{largeOff * 1012 / 1e6:N1}M steps/s (1,012 steps per schedule)");
        double largeOn = Explore(rounds, TenByHundred, StrategyKind.Random, Math.Max(1, large / 10), trace: true);
        report.Add(Name, "10 tasks x 100 awaits: Random, tracing on", $"{largeOn:N0} schedules/s", $"{largeOn * 1012 / 1e6:N2}M traced steps/s");

        var watch = Stopwatch.StartNew();
        ExplorationResult found = Explorer.Explore(CriticalSection, new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 1, Iterations = 1000 });
        watch.Stop();
        report.Add(Name, "find + shrink + trace a planted race (critical section)", $"{watch.Elapsed.TotalMilliseconds:N1} ms", $"{found.Shrinking}");
    }

    private static double Explore(int rounds, Func<Task> test, StrategyKind strategy, int schedules, bool trace, bool checkDeterminism = false)
    {
        var options = new ExplorationOptions { Strategy = strategy, Iterations = schedules, Seed = 42, TraceEverySchedule = trace, CheckDeterminism = checkDeterminism };
        int explored = 0;
        TimeSpan best = BenchmarkReport.Best(rounds, () =>
        {
            ExplorationResult result = Explorer.Explore(test, options);
            result.ThrowIfFailed();
            explored = result.SchedulesExplored;
        });
        return explored / best.TotalSeconds;
    }

    private static double Rate(int rounds, int count, Action action) => count / BenchmarkReport.Best(rounds, action).TotalSeconds;

    private static string Percent(double value, double of) => (value / of).ToString("P0", CultureInfo.InvariantCulture);

    private static async Task Worker(int awaits)
    {
        for (int i = 0; i < awaits; i++)
        {
            await Task.Yield();
        }
    }

    private static Task TwoByFive()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        return Task.WhenAll(loop.CreateTask(() => Worker(5)).Task, loop.CreateTask(() => Worker(5)).Task);
    }

    private static Task TenByHundred()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var tasks = new Task[10];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = loop.CreateTask(() => Worker(100)).Task;
        }

        return Task.WhenAll(tasks);
    }

    private static async Task CriticalSection()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        bool inside = false;
        LoopTask writer = loop.CreateTask(async () =>
        {
            await Worker(10);
            inside = true;
            await Task.Yield();
            inside = false;
        }, "writer");
        LoopTask checker = loop.CreateTask(async () =>
        {
            for (int i = 0; i < 12; i++)
            {
                if (inside)
                {
                    throw new InvalidOperationException("the checker saw the writer inside its critical section");
                }

                await Task.Yield();
            }
        }, "checker");
        await Task.WhenAll(writer.Task, checker.Task);
    }
}
