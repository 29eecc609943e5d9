using System.Globalization;
using System.Reflection;
using Asynkit.Examples.Catalogue;
using Asynkit.Testing;
using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Hunt;

/// <summary>Runs every catalogue program (buggy and fixed) under the explorer and prints a table of what it found.</summary>
internal static class CatalogueHunt
{
    public static int Run(HuntOptions options, TextWriter output)
    {
        List<BugProgram> programs = [.. BugCatalogue.All.Where(p => options.Only.Count == 0 || options.Only.Any(o => p.Name.StartsWith(o, StringComparison.OrdinalIgnoreCase)))];
        if (programs.Count == 0)
        {
            output.WriteLine($"no program matches --only {string.Join(",", options.Only)}; the programs are: {string.Join(", ", BugCatalogue.All.Select(p => p.Name))}");
            return 2;
        }

        output.WriteLine($"Hunting {programs.Count} catalogue bug(s): {options.Strategy}, seed {options.Seed}, up to {options.Iterations:N0} schedules each.");
        var rows = new List<HuntRow>();
        var total = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < programs.Count; i++)
        {
            BugProgram program = programs[i];
            output.Write($"[{i + 1,2}/{programs.Count}] {program.Name,-18} buggy: ");
            ExplorationResult buggy = Explorer.Explore(program.Buggy, Options(options, program.Name, report: true));
            output.Write(buggy.Failed ? $"found at schedule {buggy.FailingIteration} ({Ms(buggy.Elapsed)})" : $"NOT FOUND in {buggy.SchedulesExplored:N0} schedules");
            output.Write("; fixed twin: ");
            ExplorationResult fixedTwin = Explorer.Explore(program.Fixed, Options(options, program.Name + "-fixed", report: true));
            output.Write(fixedTwin.Failed ? $"FAILED at schedule {fixedTwin.FailingIteration}: {fixedTwin.Failure!.Message}" : $"clean in {fixedTwin.SchedulesExplored:N0} schedules{(fixedTwin.SpaceCovered ? " (all of them)" : "")} ({Ms(fixedTwin.Elapsed)})");
            ExplorationResult? unwatched = null;
            if (program.WithoutOracle is { } withoutOracle)
            {
                // Found only through its oracle: with the oracle off, the same buggy program passes every schedule.
                unwatched = Explorer.Explore(withoutOracle, Options(options, program.Name + "-without-oracle", report: false));
                output.Write(unwatched.Failed ? $"; without its {program.Oracle} check: FOUND ANYWAY ({unwatched.Failure!.GetType().Name})" : $"; without its {program.Oracle} check: unseen in {unwatched.SchedulesExplored:N0} schedules");
            }

            output.WriteLine();
            rows.Add(new HuntRow(program.Name, buggy, fixedTwin, unwatched));
        }

        output.WriteLine();
        PrintTable(rows, output);
        output.WriteLine();
        int found = rows.Count(r => r.Buggy.Failed);
        int clean = rows.Count(r => !r.Fixed.Failed);
        output.WriteLine($"{found} of {rows.Count} bugs found, {clean} of {rows.Count} fixed twins clean, in {total.Elapsed.TotalSeconds:F1} s.");
        if (rows.Any(r => r.Buggy.ReportPath is not null))
        {
            output.WriteLine($"HTML timelines of the failing schedules: {options.ReportDirectory}");
        }
        else if (rows.Select(r => r.Buggy.ReportProblem).FirstOrDefault(p => p is not null) is { } problem)
        {
            output.WriteLine($"HTML timelines not written: {problem}");
        }

        PrintOneTrace(rows, options.TraceOf, output);
        return rows.All(r => r.Ok) ? 0 : 1;
    }

    private static ExplorationOptions Options(HuntOptions options, string name, bool report) => new()
    {
        Iterations = options.Iterations,
        Parallelism = Environment.ProcessorCount,
        Strategy = options.Strategy,
        Seed = options.Seed,
        Name = name,
        ReportDirectory = report ? options.ReportDirectory : null,
    };

    private static void PrintTable(List<HuntRow> rows, TextWriter output)
    {
        string[] header = ["bug", "found", "oracle", "strategy", "schedules to failure", "time", "shrunk trace", "fixed twin", "replay token"];
        List<string[]> cells = [.. rows.Select(r => new[]
        {
            r.Name,
            r.Buggy.Failed ? "yes" : "NO",
            r.WithoutOracle is null ? "-" : r.WithoutOracle.Failed ? "NOT ONLY" : "only",
            r.Buggy.Failed ? r.Buggy.FailingStrategy ?? r.Buggy.Strategy.ToString() : r.Buggy.Strategy.ToString(),
            r.Buggy.Failed ? r.Buggy.FailingIteration!.Value.ToString("N0", CultureInfo.InvariantCulture) : $"> {r.Buggy.SchedulesExplored:N0}",
            Ms(r.Buggy.Elapsed),
            r.Buggy.Shrinking is { } s ? $"{s.Shrunk.Steps} steps, {s.Shrunk.Preemptions} preempt." : "-",
            r.Fixed.Failed ? "FAILED" : "clean",
            r.Buggy.ReplayToken ?? "-",
        })];
        int[] widths = [.. header.Select((h, c) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(row => row[c].Length)))];
        output.WriteLine("| " + string.Join(" | ", header.Select((h, c) => h.PadRight(widths[c]))) + " |");
        output.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (string[] row in cells)
        {
            output.WriteLine("| " + string.Join(" | ", row.Select((v, c) => v.PadRight(widths[c]))) + " |");
        }
    }

    private static void PrintOneTrace(List<HuntRow> rows, string? name, TextWriter output)
    {
        HuntRow? row = name is null
            ? rows.FirstOrDefault(r => r.Buggy.Failed)
            : rows.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (row is null || !row.Buggy.Failed)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"How '{row.Name}' fails (shrunk trace; --trace NAME shows another):");
        output.WriteLine($"  {row.Buggy.Failure!.GetType().Name}: {row.Buggy.Failure.Message.Split('\n')[0]}");
        output.Write(row.Buggy.Trace);
        output.WriteLine($"Replay it: dotnet run --project examples/Asynkit.Examples -- --replay {row.Name} {row.Buggy.ReplayToken}");
    }

    /// <summary>--replay NAME TOKEN: runs exactly that schedule of the program's bug and prints its trace.</summary>
    public static int Replay(string name, string token, TextWriter output, TextWriter error)
    {
        BugProgram program = BugCatalogue.All.Single(p => p.Name == name);
        ExplorationResult result;
        try
        {
            result = Explorer.Replay(program.Buggy, token);
        }
        catch (Exception ex) when (ex is FormatException or ScheduleDivergedException)
        {
            error.WriteLine($"error: --replay {name}: {ex.Message}");
            return HuntOptions.ExitUsage;
        }

        output.WriteLine(result.Failed ? $"'{name}' fails in the replayed schedule, as when it was found:" : $"'{name}' passes in the replayed schedule.");
        output.Write(result.Trace);
        return result.Failed ? HuntOptions.ExitOk : HuntOptions.ExitFound;
    }

    /// <summary>"Asynkit.Examples 0.2.0-local.1+commit (Asynkit.Testing 0.2.0-...)".</summary>
    public static string VersionText()
    {
        static string Of(Assembly assembly) =>
            assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";

        return $"Asynkit.Examples {Of(typeof(CatalogueHunt).Assembly)} (Asynkit.Testing {Of(typeof(Explorer).Assembly)})";
    }

    private static string Ms(TimeSpan elapsed) => elapsed.TotalMilliseconds < 1000
        ? $"{elapsed.TotalMilliseconds:F0} ms"
        : $"{elapsed.TotalSeconds:F1} s";
}
