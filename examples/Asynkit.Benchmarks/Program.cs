using System.Reflection;
using System.Runtime.InteropServices;
using Asynkit.Benchmarks;

// Usage: dotnet run -c Release --project examples/Asynkit.Benchmarks [-- --quick] [--only NAME[,NAME]] [--markdown FILE]
bool quick = args.Contains("--quick");
string[]? only = ValueOf("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
string? markdown = ValueOf("--markdown");

Console.WriteLine($"Asynkit.Testing benchmarks: {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores{(quick ? ", quick" : "")}");
var report = new BenchmarkReport(quick);
IEnumerable<IBenchmarkSuite> suites = typeof(Program).Assembly.GetTypes()
    .Where(t => typeof(IBenchmarkSuite).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
    .Select(t => (IBenchmarkSuite)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal);
foreach (IBenchmarkSuite suite in suites)
{
    if (only is not null && !only.Contains(suite.Name, StringComparer.OrdinalIgnoreCase))
    {
        continue;
    }

    Console.WriteLine($"[{suite.Name}]");
    suite.Run(report);
}

Console.WriteLine();
report.PrintMarkdown(Console.Out);
if (markdown is not null)
{
    using var file = new StreamWriter(markdown);
    report.PrintMarkdown(file);
}

return 0;

string? ValueOf(string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

/// <summary>Entry point type (for reflection over the suites).</summary>
internal sealed partial class Program;
