namespace Asynkit.Benchmarks;

/// <summary>The parallel rows of the explore suite alone (<c>--only parallel</c>), to be run when the machine is quiet: a
/// speed-up over the cores shows only when no other work wants them.</summary>
internal sealed class ParallelSuite : IBenchmarkSuite
{
    public string Name => "parallel";

    public void Run(BenchmarkReport report) => ExploreBenchmarks.ParallelRows(report, Name, report.Quick ? 2 : 5, report.Quick ? 500 : 4_000);
}
