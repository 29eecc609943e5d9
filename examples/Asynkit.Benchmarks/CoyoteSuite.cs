using System.Diagnostics;
using Asynkit.Benchmarks.Coyote;
using Asynkit.Testing;
using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;

namespace Asynkit.Benchmarks;

/// <summary>Schedules per second of the 2 x 5 and 10 x 100 programs under (a) our Random strategy on the loop, (b) Coyote
/// choosing on the loop (StrategyKind.Coyote), and (c) Coyote's rewritten mode with real Task.Run and Task.Yield.</summary>
internal sealed class CoyoteSuite : IBenchmarkSuite
{
    public string Name => "coyote";

    public void Run(BenchmarkReport report)
    {
        int scale = report.Quick ? 10 : 1;
        Measure(report, "2 tasks x 5 Task.Yield()", LoopProgram(2, 5), RewrittenWorkloads.TwoTasksFiveYieldsAsync, ours: 20_000 / scale, coyote: 5_000 / scale, rewrittenIterations: 1_000 / scale);
        Measure(report, "10 tasks x 100 Task.Yield()", LoopProgram(10, 100), RewrittenWorkloads.TenTasksHundredYieldsAsync, ours: 2_000 / scale, coyote: 300 / scale, rewrittenIterations: Math.Max(2, 20 / scale));
    }

    private static void Measure(BenchmarkReport report, string program, Func<Task> onLoop, Func<Task> rewritten, int ours, int coyote, int rewrittenIterations)
    {
        // Warm up each path (JIT, Coyote's first-run set-up), then take the best of three runs.
        double a = Best(() => Explorer.Explore(onLoop, Options(StrategyKind.Random, ours)), warmUp: () => Explorer.Explore(onLoop, Options(StrategyKind.Random, 50)));
        double b = Best(() => CoyoteExplorer.Explore(onLoop, Options(StrategyKind.Coyote, coyote), new CoyoteOptions { Strategy = CoyoteStrategy.Random }),
            warmUp: () => CoyoteExplorer.Explore(onLoop, Options(StrategyKind.Coyote, 20)));
        double c = Best(() => CoyoteExplorer.ExploreRewritten(rewritten, Options(StrategyKind.Coyote, rewrittenIterations), new CoyoteOptions { Strategy = CoyoteStrategy.Random }),
            warmUp: () => CoyoteExplorer.ExploreRewritten(rewritten, Options(StrategyKind.Coyote, 10)));
        report.Add("coyote", $"{program}: (a) our Random, schedules/s", $"{a:N0}", "on the AsynkitLoop");
        report.Add("coyote", $"{program}: (b) StrategyKind.Coyote, schedules/s", $"{b:N0}", $"on the loop, Coyote's generator chooses: {b / a:P1} of (a)");
        report.Add("coyote", $"{program}: (c) Coyote rewritten, schedules/s", $"{c:N0}", $"real Task.Run/Task.Yield under Coyote: {c / a:P2} of (a)");
    }

    private static ExplorationOptions Options(StrategyKind strategy, int iterations) => new()
    {
        Strategy = strategy,
        Iterations = iterations,
        Seed = 1,
        Shrink = false,
        MaxSteps = 1_000_000,
    };

    /// <summary>The best schedules/s of three timed runs (each run's own count over its own wall-clock time).</summary>
    private static double Best(Func<ExplorationResult> run, Action warmUp)
    {
        warmUp();
        double best = 0;
        for (int i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            ExplorationResult result = run();
            watch.Stop();
            if (result.Failed)
            {
                throw new InvalidOperationException($"A benchmark program failed: {result}");
            }

            best = Math.Max(best, result.SchedulesExplored / watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>The loop version: N loop tasks each awaiting Task.Yield() M times; main awaits them all.</summary>
    private static Func<Task> LoopProgram(int tasks, int awaits) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var all = new Task[tasks];
        for (int i = 0; i < tasks; i++)
        {
            all[i] = loop.CreateTask(async () =>
            {
                for (int j = 0; j < awaits; j++)
                {
                    await Task.Yield();
                }
            }).Task;
        }

        await Task.WhenAll(all);
    };
}
