using System.Diagnostics;

namespace Asynkit.Benchmarks;

/// <summary>Collects benchmark rows and prints them as a Markdown table.</summary>
internal sealed class BenchmarkReport
{
    private readonly List<string[]> _rows = [];

    public BenchmarkReport(bool quick) => Quick = quick;

    /// <summary>True for a short smoke run (fewer repetitions).</summary>
    public bool Quick { get; }

    /// <summary>Adds a row: suite, measurement, value, unit, and the baseline it is compared with.</summary>
    public void Add(string suite, string measurement, string value, string comparison)
    {
        _rows.Add([suite, measurement, value, comparison]);
        Console.WriteLine($"  {suite,-14} {measurement,-52} {value,18}   {comparison}");
    }

    /// <summary>Runs <paramref name="action"/> repeatedly and returns the best (shortest) time of <paramref name="rounds"/> rounds.</summary>
    public static TimeSpan Best(int rounds, Action action)
    {
        TimeSpan best = TimeSpan.MaxValue;
        for (int i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            watch.Stop();
            if (watch.Elapsed < best)
            {
                best = watch.Elapsed;
            }
        }

        return best;
    }

    /// <summary>Measures two actions in alternation (so background load hits both alike); returns the best time of each.</summary>
    public static (TimeSpan First, TimeSpan Second) BestOfBoth(int rounds, Action first, Action second)
    {
        TimeSpan a = TimeSpan.MaxValue;
        TimeSpan b = TimeSpan.MaxValue;
        for (int i = 0; i < rounds; i++)
        {
            TimeSpan x = Best(1, first);
            TimeSpan y = Best(1, second);
            a = x < a ? x : a;
            b = y < b ? y : b;
        }

        return (a, b);
    }

    /// <summary>Runs <paramref name="run"/> <paramref name="count"/> times and adds up what it returns (steps, usually).</summary>
    public static long Repeat(int count, Func<long> run)
    {
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            total += run();
        }

        return total;
    }

    /// <summary>Bytes allocated on this thread while <paramref name="action"/> runs.</summary>
    public static long Allocated(Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public void PrintMarkdown(TextWriter writer)
    {
        writer.WriteLine("| suite | measurement | value | compared with |");
        writer.WriteLine("|---|---|---:|---|");
        foreach (string[] row in _rows)
        {
            writer.WriteLine($"| {row[0]} | {row[1]} | {row[2]} | {row[3]} |");
        }
    }
}
