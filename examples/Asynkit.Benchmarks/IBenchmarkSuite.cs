namespace Asynkit.Benchmarks;

/// <summary>A group of measurements that prints its rows into the shared report; Program finds every implementation.</summary>
internal interface IBenchmarkSuite
{
    /// <summary>Short name used by --only.</summary>
    string Name { get; }

    /// <summary>Runs the measurements and adds rows to <paramref name="report"/>.</summary>
    void Run(BenchmarkReport report);
}
