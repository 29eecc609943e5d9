using System.Diagnostics;
using System.Globalization;
using Asynkit.Benchmarks.Coyote;
using Asynkit.Examples.Catalogue;
using Asynkit.Testing;
using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;

namespace Asynkit.Benchmarks;

/// <summary>For each catalogue bug: schedules to the first failure and wall time to it under our Portfolio, under Coyote
/// choosing on the loop (StrategyKind.Coyote), and, for every program, rewritten with Task.Run, under Coyote's rewritten mode.</summary>
/// <remarks>Every engine gets the same budget of 10,000 schedules and several seeds; the figures are medians over the seeds.
/// The time is the wall time of the whole Explore call, set-up included, with shrinking off (Coyote does not shrink).
/// An idle loop is a deadlock at once (the loop has no idle grace period), so a deadlocking program costs no waiting.</remarks>
internal sealed class CatalogueSuite : IBenchmarkSuite
{
    private const int Budget = 10_000;

    private static readonly Dictionary<string, Func<Task>> s_rewritten = new()
    {
        ["lost-update"] = RewrittenCatalogue.LostUpdateAsync,
        ["check-then-act"] = RewrittenCatalogue.CheckThenActAsync,
        ["overdraw"] = RewrittenCatalogue.OverdrawAsync,
        ["lazy-init"] = RewrittenCatalogue.LazyInitAsync,
        ["cache-stampede"] = RewrittenCatalogue.CacheStampedeAsync,
        ["lock-order"] = RewrittenCatalogue.LockOrderAsync,
        ["philosophers-3"] = RewrittenCatalogue.Philosophers(3),
        ["philosophers-4"] = RewrittenCatalogue.Philosophers(4),
        ["philosophers-5"] = RewrittenCatalogue.Philosophers(5),
        ["philosophers-6"] = RewrittenCatalogue.Philosophers(6),
        ["philosophers-7"] = RewrittenCatalogue.Philosophers(7),
        ["missed-signal"] = RewrittenCatalogue.MissedSignalAsync,
        ["bounded-buffer"] = RewrittenCatalogue.BoundedBufferAsync,
        ["run-to-completion"] = RewrittenCatalogue.RunToCompletionAsync,
        ["timeout-retry"] = RewrittenCatalogue.TimeoutRetryAsync,
        ["reorder-3"] = RewrittenCatalogue.Reorder(3),
        ["reorder-10"] = RewrittenCatalogue.Reorder(10),
    };

    public string Name => "catalogue";

    public void Run(BenchmarkReport report)
    {
        int ourSeeds = report.Quick ? 3 : 21;
        int coyoteSeeds = report.Quick ? 1 : 5;
        WarmUp();
        var rows = new List<(string Name, Hunt Ours, Hunt Loop, Hunt? Rewritten)>();
        foreach (BugProgram program in BugCatalogue.All)
        {
            s_rewritten.TryGetValue(program.Name, out Func<Task>? workload);
            WarmUp(program, workload);
            Hunt ours = Median(ourSeeds, seed => Explorer.Explore(program.Buggy, Options(StrategyKind.Portfolio, seed)));
            Hunt loop = Median(coyoteSeeds, seed => CoyoteExplorer.Explore(program.Buggy, Options(StrategyKind.Coyote, seed)));
            Hunt? rewritten = workload is not null
                ? Median(coyoteSeeds, seed => CoyoteExplorer.ExploreRewritten(workload, Options(StrategyKind.Coyote, seed) with { LoopOptions = null }))
                : null;
            rows.Add((program.Name, ours, loop, rewritten));
            report.Add("catalogue", $"{program.Name}: our Portfolio", ours.ToString(), $"median of {ourSeeds} seeds, budget {Budget:N0}");
            report.Add("catalogue", $"{program.Name}: StrategyKind.Coyote", loop.ToString(), $"{Ratio(loop, ours)} our time");
            if (rewritten is not null)
            {
                report.Add("catalogue", $"{program.Name}: Coyote rewritten", rewritten.ToString(), $"{Ratio(rewritten, ours)} our time");
            }
        }

        int found = rows.Count(r => r.Ours.FoundAll);
        int maxSchedules = rows.Max(r => r.Ours.MaxSchedules);
        report.Add("catalogue", "bugs found by our Portfolio within 10,000 schedules", $"{found} of {rows.Count}", $"every seed; worst case {maxSchedules:N0} schedules (target: all, <= 10,000)");
        double loopRatio = MedianOf(rows.Select(r => r.Loop.Time.TotalMilliseconds / r.Ours.Time.TotalMilliseconds));
        report.Add("catalogue", "median time-to-failure ratio, StrategyKind.Coyote / ours", $"{loopRatio:N0}x", $"over all {rows.Count} programs");
        List<double> ratios = [.. rows.Where(r => r.Rewritten is not null).Select(r => r.Rewritten!.Time.TotalMilliseconds / r.Ours.Time.TotalMilliseconds)];
        double rewrittenRatio = MedianOf(ratios);
        report.Add("catalogue", "median time-to-failure ratio, Coyote rewritten / ours", $"{rewrittenRatio:N0}x", $"over all {ratios.Count} programs (target >= 100x: {(rewrittenRatio >= 100 ? "met" : "NOT met")})");
        report.Add("catalogue", "programs where ours is >= 100x faster than Coyote rewritten", $"{ratios.Count(r => r >= 100)} of {ratios.Count}", $"lowest ratio {ratios.Min():N0}x, highest {ratios.Max():N0}x");
        PrintTable(rows);
    }

    private static ExplorationOptions Options(StrategyKind strategy, int seed) => new()
    {
        Iterations = Budget,
        Strategy = strategy,
        Seed = seed,
        Shrink = false,
        TimeLimit = TimeSpan.FromSeconds(60),
    };

    /// <summary>JIT and Coyote's first-run set-up, on a program that is not measured.</summary>
    private static void WarmUp()
    {
        BugProgram warm = BugCatalogue.All[0];
        Explorer.Explore(warm.Fixed, Options(StrategyKind.Portfolio, 1) with { Iterations = 200 });
        CoyoteExplorer.Explore(warm.Fixed, Options(StrategyKind.Coyote, 1) with { Iterations = 20 });
        CoyoteExplorer.ExploreRewritten(RewrittenWorkloads.TwoTasksFiveYieldsAsync, Options(StrategyKind.Coyote, 1) with { Iterations = 10, LoopOptions = null });
    }

    /// <summary>One untimed hunt per engine on <paramref name="program"/> (seed 1000, outside the measured seeds), so that every
    /// engine is measured with the program's code and its own paths compiled, not the first-call JIT cost of either.</summary>
    private static void WarmUp(BugProgram program, Func<Task>? rewritten)
    {
        Explorer.Explore(program.Buggy, Options(StrategyKind.Portfolio, 1000));
        CoyoteExplorer.Explore(program.Buggy, Options(StrategyKind.Coyote, 1000) with { Iterations = 100 });
        if (rewritten is not null)
        {
            CoyoteExplorer.ExploreRewritten(rewritten, Options(StrategyKind.Coyote, 1000) with { Iterations = 100, LoopOptions = null });
        }
    }

    /// <summary>Runs one exploration per seed (1, 2, ...) and keeps the medians of the schedules and times to the failure.</summary>
    private static Hunt Median(int seeds, Func<int, ExplorationResult> explore)
    {
        var schedules = new List<double>();
        var times = new List<double>();
        bool foundAll = true;
        int max = 0;
        string? failure = null;
        for (int seed = 1; seed <= seeds; seed++)
        {
            var watch = Stopwatch.StartNew();
            ExplorationResult result = explore(seed);
            watch.Stop();
            foundAll &= result.Failed;
            failure ??= result.Failure is { } e ? $"{e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}" : null;
            int count = result.FailingIteration ?? result.SchedulesExplored;
            max = Math.Max(max, count);
            schedules.Add(count);
            // Every engine reports when its first failure was known: ours and StrategyKind.Coyote when the failing schedule
            // finished, rewritten mode when Coyote's engine returned with the bug; shrinking, tracing and reports come after
            // and are not counted. A miss counts the whole call.
            times.Add((result.TimeToFirstFailure ?? watch.Elapsed).TotalMilliseconds);
        }

        return new Hunt(foundAll, MedianOf(schedules), max, TimeSpan.FromMilliseconds(MedianOf(times)), failure);
    }

    private static double MedianOf(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Ratio(Hunt other, Hunt ours) => $"{other.Time.TotalMilliseconds / ours.Time.TotalMilliseconds:N0}x";

    private static void PrintTable(List<(string Name, Hunt Ours, Hunt Loop, Hunt? Rewritten)> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| bug | our Portfolio: schedules | time | StrategyKind.Coyote: schedules | time | Coyote rewritten: schedules | time | rewritten / ours |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((string name, Hunt ours, Hunt loop, Hunt? rewritten) in rows)
        {
            string rewrittenCells = rewritten is null ? "- | - | -" : $"{rewritten.SchedulesText} | {Time(rewritten.Time)} | {Ratio(rewritten, ours)}";
            Console.WriteLine($"| {name} | {ours.SchedulesText} | {Time(ours.Time)} | {loop.SchedulesText} | {Time(loop.Time)} | {rewrittenCells} |");
        }

        // What each engine reported, so a find is seen to be the planted bug and not, say, an uncontrolled-call report.
        Console.WriteLine();
        foreach ((string name, Hunt ours, Hunt loop, Hunt? rewritten) in rows)
        {
            Console.WriteLine($"  {name}: ours {ours.Failure ?? "-"}");
            Console.WriteLine($"  {name}: StrategyKind.Coyote {loop.Failure ?? "-"}");
            if (rewritten is not null)
            {
                Console.WriteLine($"  {name}: rewritten {rewritten.Failure ?? "-"}");
            }
        }
    }

    private static string Time(TimeSpan time) => time.TotalMilliseconds switch
    {
        < 1 => time.TotalMicroseconds.ToString("N0", CultureInfo.InvariantCulture) + " µs",
        < 10 => time.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture) + " ms",
        _ => time.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms",
    };

    /// <summary>Medians over the seeds of one engine on one program; FoundAll is false if any seed missed the bug (its
    /// count is then the schedules explored, a lower bound).</summary>
    private sealed record Hunt(bool FoundAll, double Schedules, int MaxSchedules, TimeSpan Time, string? Failure)
    {
        public string SchedulesText => (FoundAll ? "" : "not found: ") + Schedules.ToString("N0", CultureInfo.InvariantCulture);

        public override string ToString() => $"{SchedulesText} sched., {CatalogueSuite.Time(Time)}";
    }
}
