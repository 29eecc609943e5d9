using System.Globalization;

namespace Asynkit.Testing.Exploration;

/// <summary>The environment variables that steer exploring tests in CI: ASYNKIT_ITERATIONS, ASYNKIT_SEED, ASYNKIT_SHARD,
/// ASYNKIT_PARALLELISM and ASYNKIT_REPORT_DIR, parsed with precise errors.</summary>
internal sealed class AsynkitEnvironment
{
    /// <summary>Overrides the iteration count of every exploring test (never turns a FIFO test into an exploring one).</summary>
    public const string IterationsVariable = "ASYNKIT_ITERATIONS";

    /// <summary>A base seed mixed with each exploring test's name, so a CI run can look at other schedules than the default.</summary>
    public const string SeedVariable = "ASYNKIT_SEED";

    /// <summary>"i/n": run only the i-th of n equal ranges of each exploring test's schedules.</summary>
    public const string ShardVariable = "ASYNKIT_SHARD";

    /// <summary>How many threads each exploring test runs its schedules on (a CI hunt with many iterations: the number of cores).</summary>
    public const string ParallelismVariable = "ASYNKIT_PARALLELISM";

    /// <summary>A folder that receives the text trace and the HTML timeline of every failing test.</summary>
    public const string ReportDirectoryVariable = "ASYNKIT_REPORT_DIR";

    private static readonly AsyncLocal<Func<string, string?>?> s_override = new();

    private AsynkitEnvironment()
    {
    }

    /// <summary>The value of <see cref="IterationsVariable"/>, or null.</summary>
    public int? Iterations { get; private init; }

    /// <summary>The value of <see cref="SeedVariable"/>, or null.</summary>
    public int? Seed { get; private init; }

    /// <summary>The value of <see cref="ShardVariable"/>, or null.</summary>
    public ShardSpec? Shard { get; private init; }

    /// <summary>The value of <see cref="ParallelismVariable"/>, or null.</summary>
    public int? Parallelism { get; private init; }

    /// <summary>The value of <see cref="ReportDirectoryVariable"/>, or null.</summary>
    public string? ReportDirectory { get; private init; }

    /// <summary>Reads the process environment (or the override installed by <see cref="Use"/> in this async flow).</summary>
    /// <exception cref="FormatException">A variable is set to a value that cannot be used; the message names it.</exception>
    public static AsynkitEnvironment Read() => Read(s_override.Value ?? Environment.GetEnvironmentVariable);

    /// <summary>Only ASYNKIT_REPORT_DIR, which never fails to parse: FIFO tests use nothing else.</summary>
    public static string? ReadReportDirectory() => NonEmpty((s_override.Value ?? Environment.GetEnvironmentVariable)(ReportDirectoryVariable));

    /// <summary>Parses the variables from <paramref name="lookup"/>.</summary>
    /// <exception cref="FormatException">A variable is set to a value that cannot be used; the message names it.</exception>
    public static AsynkitEnvironment Read(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        int? iterations = ParseInt(lookup(IterationsVariable), IterationsVariable, "a whole number of schedules, at least 1 (for example 100000)");
        if (iterations < 1)
        {
            throw new FormatException($"{IterationsVariable} is '{iterations}', but it must be at least 1 (the number of schedules each exploring test runs).");
        }

        int? parallelism = ParseInt(lookup(ParallelismVariable), ParallelismVariable, "a whole number of threads, at least 1 (for example the number of cores)");
        if (parallelism < 1)
        {
            throw new FormatException($"{ParallelismVariable} is '{parallelism}', but it must be at least 1 (the number of threads each exploring test runs its schedules on).");
        }

        string? shard = NonEmpty(lookup(ShardVariable));
        return new AsynkitEnvironment
        {
            Iterations = iterations,
            Seed = ParseInt(lookup(SeedVariable), SeedVariable, "a 32-bit integer (for example the CI build number)"),
            Parallelism = parallelism,
            Shard = shard is null ? null : ShardSpec.Parse(shard, ShardVariable),
            ReportDirectory = NonEmpty(lookup(ReportDirectoryVariable)),
        };
    }

    /// <summary>Makes <see cref="Read()"/> see <paramref name="variables"/> instead of the process environment, in this async
    /// flow only (tests run in parallel, so they must never set real environment variables).</summary>
    public static IDisposable Use(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        Func<string, string?>? previous = s_override.Value;
        s_override.Value = name => variables.TryGetValue(name, out string? value) ? value : null;
        return new Scope(previous);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int? ParseInt(string? value, string name, string expected)
    {
        string? text = NonEmpty(value);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int parsed)
            ? parsed
            : throw new FormatException($"{name} is '{value}', but it must be {expected}.");
    }

    private sealed class Scope(Func<string, string?>? previous) : IDisposable
    {
        public void Dispose() => s_override.Value = previous;
    }
}
