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

        // Each explored row that is compared with the bare loop is timed in alternation with it (after one untimed run of each),
        // so that both see the same machine load and neither pays first-call JIT costs.
        (double bare, double random) = RatesOfBoth(rounds, tiny, BareRuns(TwoByFive, tiny), ExploreRun(TwoByFive, StrategyKind.Random, tiny, trace: false));
        report.Add(Name, "2 tasks x 5 awaits: bare AsynkitLoop.Run, fresh loop each", $"{bare:N0} runs/s", "no strategy, no recording (the floor)");
        report.Add(Name, "2 tasks x 5 awaits: Random, tracing off", $"{random:N0} schedules/s", $"target >= 70 % of the bare loop timed alongside: {Percent(random, bare)}");

        foreach (StrategyKind strategy in new[] { StrategyKind.Pct, StrategyKind.Portfolio, StrategyKind.Exhaustive })
        {
            double rate = Explore(rounds, TwoByFive, strategy, tiny, trace: false);
            report.Add(Name, $"2 tasks x 5 awaits: {strategy}, tracing off", $"{rate:N0} schedules/s", $"target >= 100,000; {Percent(rate, bare)} of the bare loop");
        }

        double traced = Explore(rounds, TwoByFive, StrategyKind.Random, tiny / 10, trace: true);
        report.Add(Name, "2 tasks x 5 awaits: Random, tracing on", $"{traced:N0} schedules/s", "every step traced (task, resume point, file:line)");
        double checkedRate = Explore(rounds, TwoByFive, StrategyKind.Random, tiny / 2, trace: false, checkDeterminism: true);
        report.Add(Name, "2 tasks x 5 awaits: Random, determinism check", $"{checkedRate:N0} schedules/s", "each schedule run twice, both traced");

        (double largeBare, double largeOff) = RatesOfBoth(rounds, large, BareRuns(TenByHundred, large), ExploreRun(TenByHundred, StrategyKind.Random, large, trace: false));
        report.Add(Name, "10 tasks x 100 awaits: bare AsynkitLoop.Run, fresh loop each", $"{largeBare * 1012 / 1e6:N1}M steps/s", $"{largeBare:N0} runs/s (the floor)");
        report.Add(Name, "10 tasks x 100 awaits: Random, tracing off", $"{largeOff * 1012 / 1e6:N1}M steps/s", $"{largeOff:N0} schedules/s; target >= 60 % of the bare loop timed alongside: {Percent(largeOff, largeBare)}");
        double largeOn = Explore(rounds, TenByHundred, StrategyKind.Random, Math.Max(1, large / 10), trace: true);
        report.Add(Name, "10 tasks x 100 awaits: Random, tracing on", $"{largeOn:N0} schedules/s", $"{largeOn * 1012 / 1e6:N2}M traced steps/s");

        ParallelRows(report, Name, rounds, large);

        var watch = Stopwatch.StartNew();
        ExplorationResult found = Explorer.Explore(CriticalSection, new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 1, Iterations = 1000 });
        watch.Stop();
        report.Add(Name, "find + shrink + trace a planted race (critical section)", $"{watch.Elapsed.TotalMilliseconds:N1} ms", $"{found.Shrinking}");
    }

    private static double Explore(int rounds, Func<Task> test, StrategyKind strategy, int schedules, bool trace, bool checkDeterminism = false)
    {
        var options = new ExplorationOptions { Strategy = strategy, Iterations = schedules, Seed = 42, TraceEverySchedule = trace, CheckDeterminism = checkDeterminism };
        int explored = 0;
        void Run()
        {
            ExplorationResult result = Explorer.Explore(test, options);
            result.ThrowIfFailed();
            explored = result.SchedulesExplored; // Exhaustive may cover the whole space in fewer
        }

        Run();
        return explored / BenchmarkReport.Best(rounds, Run).TotalSeconds;
    }

    /// <summary>One exploration of <paramref name="schedules"/> schedules, all of which must run and pass.</summary>
    private static Action ExploreRun(Func<Task> test, StrategyKind strategy, int schedules, bool trace, int parallelism = 1)
    {
        var options = new ExplorationOptions { Strategy = strategy, Iterations = schedules, Seed = 42, TraceEverySchedule = trace, Parallelism = parallelism };
        return () =>
        {
            ExplorationResult result = Explorer.Explore(test, options);
            result.ThrowIfFailed();
            if (result.SchedulesExplored != schedules)
            {
                throw new InvalidOperationException($"{strategy} explored {result.SchedulesExplored} schedules, not {schedules}.");
            }
        };
    }

    /// <summary><paramref name="runs"/> runs of <paramref name="test"/> on a bare AsynkitLoop (a fresh loop each, the default options).</summary>
    private static Action BareRuns(Func<Task> test, int runs) => () =>
    {
        var options = new LoopOptions();
        for (int i = 0; i < runs; i++)
        {
            AsynkitLoop.Run(test, options);
        }
    };

    /// <summary>Runs per second of two actions of <paramref name="count"/> runs each: one untimed run of each, then timed in
    /// alternation (<see cref="BenchmarkReport.BestOfBoth"/>), best of <paramref name="rounds"/>.</summary>
    private static (double First, double Second) RatesOfBoth(int rounds, int count, Action first, Action second)
    {
        first();
        second();
        (TimeSpan a, TimeSpan b) = BenchmarkReport.BestOfBoth(rounds, first, second);
        return (count / a.TotalSeconds, count / b.TotalSeconds);
    }

    /// <summary>Serial against parallel on one machine's cores: what the cores give independent loops (the ceiling), a passing
    /// 10 x 100 hunt, and a rare race found at the same schedule.</summary>
    internal static void ParallelRows(BenchmarkReport report, string suite, int rounds, int large)
    {
        int cores = Environment.ProcessorCount;
        (TimeSpan oneThread, TimeSpan allThreads) = BenchmarkReport.BestOfBoth(rounds, () => BareOnThreads(1, large * cores), () => BareOnThreads(cores, large * cores));
        report.Add(suite, $"10 tasks x 100 awaits: bare AsynkitLoop.Run on {cores} threads", $"{large * cores / allThreads.TotalSeconds:N0} runs/s",
            $"1 thread {large * cores / oneThread.TotalSeconds:N0}/s: {oneThread / allThreads:N2}x (what the cores give independent loops now)");

        (double serial, double parallel) = RatesOfBoth(rounds, large,
            ExploreRun(TenByHundred, StrategyKind.Random, large, trace: false), ExploreRun(TenByHundred, StrategyKind.Random, large, trace: false, parallelism: cores));
        report.Add(suite, $"10 tasks x 100 awaits: Random, Parallelism {cores}", $"{parallel:N0} schedules/s", $"serial {serial:N0}/s: {parallel / serial:N2}x; target >= 1.7x on 2 cores");

        var options = new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 3, Iterations = 1_000_000, Shrink = false };
        ExplorationResult one = Explorer.Explore(RareRace, options);
        ExplorationResult many = Explorer.Explore(RareRace, options with { Parallelism = cores });
        (TimeSpan serialTime, TimeSpan parallelTime) = BenchmarkReport.BestOfBoth(rounds, () => Explorer.Explore(RareRace, options), () => Explorer.Explore(RareRace, options with { Parallelism = cores }));
        bool same = one.FailingIteration == many.FailingIteration && one.ReplayToken == many.ReplayToken;
        double schedules = one.FailingIteration ?? one.SchedulesExplored;
        report.Add(suite, $"rare race (found at schedule {one.FailingIteration:N0}): Parallelism {cores}", $"{schedules / parallelTime.TotalSeconds:N0} schedules/s",
            $"serial {schedules / serialTime.TotalSeconds:N0}/s: {serialTime / parallelTime:N2}x; {(same ? "same failing schedule and token" : "DIFFERENT FAILURE")}");
    }

    /// <summary><paramref name="runs"/> bare 10 x 100 runs shared out over <paramref name="threads"/> threads, each with its own loops.</summary>
    private static void BareOnThreads(int threads, int runs)
    {
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() => BareRuns(TenByHundred, runs / threads)());
            workers[t].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }
    }

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

    /// <summary>Four tasks of 30 yields; fails only when task 0 finishes last of all, rarely under Random.</summary>
    private static async Task RareRace()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var finished = new List<int>();
        var tasks = new Task[4];
        for (int t = 0; t < tasks.Length; t++)
        {
            int id = t;
            tasks[t] = loop.CreateTask(async () =>
            {
                await Worker(30 + (id == 0 ? 0 : 16));
                finished.Add(id);
            }).Task;
        }

        await Task.WhenAll(tasks);
        if (finished[^1] == 0)
        {
            throw new InvalidOperationException("task 0 finished last");
        }
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
