using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Hunt;

/// <summary>The main program's command line, in the .NET tool conventions: --iterations N, --strategy S, --seed N,
/// --only NAME[,NAME], --report DIR, --trace NAME, --replay NAME TOKEN, --version, --help.</summary>
internal sealed record HuntOptions
{
    /// <summary>Every bug was found and every fixed twin passed; or the replayed schedule failed as it did when found.</summary>
    public const int ExitOk = 0;

    /// <summary>A bug was not found or a fixed twin failed; or the replayed schedule passed.</summary>
    public const int ExitFound = 1;

    /// <summary>The command line is wrong (an unknown option or program name, a malformed token).</summary>
    public const int ExitUsage = 2;

    public int Iterations { get; init; } = 10_000;

    public StrategyKind Strategy { get; init; } = StrategyKind.Portfolio;

    public int Seed { get; init; } = 2026;

    public IReadOnlyList<string> Only { get; init; } = [];

    public string ReportDirectory { get; init; } = Path.Combine(Directory.GetCurrentDirectory(), "asynkit-reports");

    public string? TraceOf { get; init; }

    /// <summary>--replay NAME TOKEN: the program and the token to replay, or null.</summary>
    public (string Name, string Token)? Replay { get; init; }

    public bool Help { get; init; }

    public bool Version { get; init; }

    public const string Usage = """
        usage: dotnet run --project examples/Asynkit.Examples -- [options]
          --iterations N       schedules per program at most (default 10000); a bug stops its hunt at once
          --strategy S         Random, Pct, Exhaustive, Portfolio (default), Fifo
          --seed N             exploration seed (default 2026); the same seed finds the same schedules
          --only A,B           only the programs whose names start with A or B (e.g. --only philosophers,lost)
          --report DIR         where the HTML timelines of the failures go (default ./asynkit-reports)
          --trace NAME         print the shrunk trace of this program's bug (default: the first bug found)
          --replay NAME TOKEN  replay one schedule of a program's bug (the token a hunt printed), with its trace
          --version            the program's version
          --help               this text
        exit codes:
          0  every bug found and every fixed twin clean (--replay: the schedule failed as when it was found)
          1  a bug not found or a fixed twin failed (--replay: the schedule passed)
          2  a wrong command line: an unknown option or program name, a malformed value or token
        """;

    /// <summary>Parses the arguments; program names (--only, --trace, --replay) must be among <paramref name="programs"/>.</summary>
    /// <exception cref="ArgumentException">An argument is wrong; the message names it and, for a name, lists the valid ones.</exception>
    public static HuntOptions Parse(IReadOnlyList<string> args, IReadOnlyList<string> programs)
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
                "--only" => options with { Only = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => Prefix(name, p, programs))] },
                "--report" => options with { ReportDirectory = Path.GetFullPath(Value()) },
                "--trace" => options with { TraceOf = Exact(name, Value(), programs) },
                "--replay" => options with { Replay = (Exact(name, Value(), programs), Value()) },
                "--help" or "-h" or "-?" => options with { Help = true },
                "--version" => options with { Version = true },
                _ => throw new ArgumentException($"unknown option '{name}'."),
            };
        }

        return options;
    }

    private static string Exact(string option, string value, IReadOnlyList<string> programs) =>
        programs.FirstOrDefault(p => p.Equals(value, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"{option}: no program is named '{value}'; the programs are: {string.Join(", ", programs)}.");

    private static string Prefix(string option, string value, IReadOnlyList<string> programs) =>
        programs.Any(p => p.StartsWith(value, StringComparison.OrdinalIgnoreCase)) ? value
        : throw new ArgumentException($"{option}: no program name starts with '{value}'; the programs are: {string.Join(", ", programs)}.");

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, out int n) && n > 0 ? n : throw new ArgumentException($"{name} expects a positive whole number, got '{value}'.");

    private static StrategyKind ParseStrategy(string value) =>
        Enum.TryParse(value, ignoreCase: true, out StrategyKind kind) && kind is not StrategyKind.Default and not StrategyKind.Coyote
            ? kind
            : throw new ArgumentException($"--strategy expects Random, Pct, Exhaustive, Portfolio or Fifo, got '{value}'.");
}
