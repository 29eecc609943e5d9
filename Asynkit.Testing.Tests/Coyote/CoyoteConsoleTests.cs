using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Tests.Exploration;

namespace Asynkit.Testing.Tests.Coyote;

/// <summary>Swaps Console.Out, so it runs alone.</summary>
[Collection(nameof(ConsoleSwapping))]
public sealed class CoyoteConsoleTests
{
    [Fact]
    public void Explore_WithAndWithoutOutput_CoyoteNeverWritesToStdout()
    {
        var console = new StringWriter();
        var log = new StringWriter();
        TextWriter original = Console.Out;
        Console.SetOut(console);
        try
        {
            CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Strategy = StrategyKind.Coyote, Iterations = 50, Seed = 9 });
            CoyoteExplorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Strategy = StrategyKind.Coyote, Iterations = 50, Seed = 9 }, new CoyoteOptions { Output = log, Verbose = true });
        }
        finally
        {
            Console.SetOut(original);
        }

        log.ToString().ShouldContain("... Running test iterations:");
        console.ToString().ShouldNotContain("Running test iterations");
        console.ToString().ShouldNotContain("Iteration #");
    }

    [Fact]
    public void Explorer_CoyoteStrategy_RunsCoyotesEngineWithoutWritingToStdout()
    {
        var console = new StringWriter();
        TextWriter original = Console.Out;
        Console.SetOut(console);
        ExplorationResult result;
        try
        {
            result = Explorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Strategy = StrategyKind.Coyote, Iterations = 50, Seed = 9 });
        }
        finally
        {
            Console.SetOut(original);
        }

        result.FailingStrategy.ShouldBe("Coyote portfolio");
        console.ToString().ShouldBeEmpty();
    }
}
