using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Hunt;

/// <summary>The main program's command line: --iterations N, --strategy S, --seed N, --only NAME[,NAME], --report DIR, --trace NAME.</summary>
internal sealed record HuntOptions
{
    public int Iterations { get; init; } = 10_000;

    public StrategyKind Strategy { get; init; } = StrategyKind.Portfolio;

    public int Seed { get; init; } = 2026;

    public IReadOnlyList<string> Only { get; init; } = [];

    public string ReportDirectory { get; init; } = Path.Combine(Directory.GetCurrentDirectory(), "asynkit-reports");

    public string? TraceOf { get; init; }

    public bool Help { get; init; }

    public const string Usage = """
        usage: dotnet run --project examples/Asynkit.Examples -- [options]
          --iterations N    schedules per program at most (default 10000); a bug stops its hunt at once
          --strategy S      Random, Pct, Exhaustive, Portfolio (default), Fifo
          --seed N          exploration seed (default 2026); the same seed finds the same schedules
          --only A,B        only the programs whose names start with A or B (e.g. --only philosophers,lost)
          --report DIR      where the HTML timelines of the failures go (default ./asynkit-reports)
          --trace NAME      print the shrunk trace of this program's bug (default: the first bug found)
          --help            this text
        """;

    /// <summary>Parses the arguments; throws ArgumentException naming the bad one.</summary>
    public static HuntOptions Parse(IReadOnlyList<string> args)
    {
        var options = new HuntOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--iterations" => options with { Iterations = PositiveInt(name, Value()) },
                "--strategy" => options with { Strategy = ParseStrategy(Value()) },
                "--seed" => options with { Seed = int.TryParse(Value(), out int seed) ? seed : throw new ArgumentException($"--seed expects a whole number, got '{args[i]}'.") },
                "--only" => options with { Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--report" => options with { ReportDirectory = Path.GetFullPath(Value()) },
                "--trace" => options with { TraceOf = Value() },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"unknown option '{name}'."),
            };
        }

        return options;
    }

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, out int n) && n > 0 ? n : throw new ArgumentException($"{name} expects a positive whole number, got '{value}'.");

    private static StrategyKind ParseStrategy(string value) =>
        Enum.TryParse(value, ignoreCase: true, out StrategyKind kind) && kind is not StrategyKind.Default and not StrategyKind.Coyote
            ? kind
            : throw new ArgumentException($"--strategy expects Random, Pct, Exhaustive, Portfolio or Fifo, got '{value}'.");
}
