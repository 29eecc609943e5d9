using System.Diagnostics;
using System.Globalization;
using Asynkit.Benchmarks.Coyote;
using Asynkit.Examples.Catalogue;
using Asynkit.Testing;
using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;

namespace Asynkit.Benchmarks;

/// <summary>For each catalogue bug: schedules to the first failure and wall time to it under our Portfolio, under Coyote
/// choosing on the loop (StrategyKind.Coyote), and, for six programs rewritten with Task.Run, under Coyote's rewritten mode.</summary>
/// <remarks>Every engine gets the same budget of 10,000 schedules and several seeds; the figures are medians over the seeds.
/// The time is the wall time of the whole Explore call, set-up included, with shrinking off (Coyote does not shrink).
/// The programs never leave the loop, so the loop's idle grace period (the wait for foreign-thread posts before a deadlock is
/// declared, 250 ms once per exploration by default) is set to zero for both loop engines.</remarks>
internal sealed class CatalogueSuite : IBenchmarkSuite
{
    private const int Budget = 10_000;

    private static readonly Dictionary<string, Func<Task>> s_rewritten = new()
    {
        ["lost-update"] = RewrittenCatalogue.LostUpdateAsync,
        ["check-then-act"] = RewrittenCatalogue.CheckThenActAsync,
        ["overdraw"] = RewrittenCatalogue.OverdrawAsync,
        ["lazy-init"] = RewrittenCatalogue.LazyInitAsync,
        ["reorder-3"] = RewrittenCatalogue.Reorder3Async,
        ["lock-order"] = RewrittenCatalogue.LockOrderAsync,
        ["philosophers-5"] = RewrittenCatalogue.Philosophers5Async,
    };

    /// <summary>The six programs the issue names; the median ratio against rewritten mode is taken over these (and, as a
    /// second figure, over every rewritten program).</summary>
    private static readonly string[] s_required = ["lost-update", "check-then-act", "overdraw", "lazy-init", "reorder-3", "lock-order"];

    public string Name => "catalogue";

    public void Run(BenchmarkReport report)
    {
        int ourSeeds = report.Quick ? 1 : 5;
        int coyoteSeeds = report.Quick ? 1 : 3;
        WarmUp();
        var rows = new List<(string Name, Hunt Ours, Hunt Loop, Hunt? Rewritten)>();
        foreach (BugProgram program in BugCatalogue.All)
        {
            Hunt ours = Median(ourSeeds, seed => Explorer.Explore(program.Buggy, Options(StrategyKind.Portfolio, seed)));
            Hunt loop = Median(coyoteSeeds, seed => CoyoteExplorer.Explore(program.Buggy, Options(StrategyKind.Coyote, seed)));
            Hunt? rewritten = s_rewritten.TryGetValue(program.Name, out Func<Task>? workload)
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
        double rewrittenRatio = MedianOf(rows.Where(r => s_required.Contains(r.Name)).Select(r => r.Rewritten!.Time.TotalMilliseconds / r.Ours.Time.TotalMilliseconds));
        report.Add("catalogue", "median time-to-failure ratio, Coyote rewritten / ours", $"{rewrittenRatio:N0}x", $"over the issue's 6 programs (target >= 100x: {(rewrittenRatio >= 100 ? "met" : "NOT met")})");
        List<double> allRatios = [.. rows.Where(r => r.Rewritten is not null).Select(r => r.Rewritten!.Time.TotalMilliseconds / r.Ours.Time.TotalMilliseconds)];
        report.Add("catalogue", "median time-to-failure ratio, Coyote rewritten / ours", $"{MedianOf(allRatios):N0}x", $"over all {allRatios.Count} rewritten programs");
        PrintTable(rows);
    }

    private static ExplorationOptions Options(StrategyKind strategy, int seed) => new()
    {
        Iterations = Budget,
        Strategy = strategy,
        Seed = seed,
        Shrink = false,
        TimeLimit = TimeSpan.FromSeconds(60),
        LoopOptions = new LoopOptions { IdleGracePeriod = TimeSpan.Zero },
    };

    /// <summary>JIT and Coyote's first-run set-up, on a program that is not measured.</summary>
    private static void WarmUp()
    {
        BugProgram warm = BugCatalogue.All[0];
        Explorer.Explore(warm.Fixed, Options(StrategyKind.Portfolio, 1) with { Iterations = 200 });
        CoyoteExplorer.Explore(warm.Fixed, Options(StrategyKind.Coyote, 1) with { Iterations = 20 });
        CoyoteExplorer.ExploreRewritten(RewrittenWorkloads.TwoTasksFiveYieldsAsync, Options(StrategyKind.Coyote, 1) with { Iterations = 10, LoopOptions = null });
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
            // Ours reports when its failing schedule finished (before shrinking, tracing and the report); Coyote's engines do
            // not, so for them this is the whole call, their own reporting included.
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

    private static string Time(TimeSpan time) => time.TotalMilliseconds < 10
        ? time.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture) + " ms"
        : time.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Medians over the seeds of one engine on one program; FoundAll is false if any seed missed the bug (its
    /// count is then the schedules explored, a lower bound).</summary>
    private sealed record Hunt(bool FoundAll, double Schedules, int MaxSchedules, TimeSpan Time, string? Failure)
    {
        public string SchedulesText => (FoundAll ? "" : "not found: ") + Schedules.ToString("N0", CultureInfo.InvariantCulture);

        public override string ToString() => $"{SchedulesText} sched., {CatalogueSuite.Time(Time)}";
    }
}
