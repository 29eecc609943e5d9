using Asynkit.Examples.Oracles;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

/// <summary>Runs the examples of docs/oracles.md (examples/Asynkit.Examples/Oracles) and checks what the page says they print.</summary>
public sealed class OracleDocsExampleTests
{
    [Fact]
    public void StepInvariant_Transfer_BrokenAfterTheDebitStep()
    {
        ExplorationResult result = OracleExamples.StepInvariant(TextWriter.Null);

        result.Failure.ShouldBeOfType<StepInvariantException>().Message.ShouldStartWith("Invariant 'checking + savings == 100' broken after step 1 (virtual time 00:00:00), a step of task 'main' (#1)");
        Explorer.Replay(OracleExamplesTransfer(), result.ReplayToken!).Failure.ShouldBeOfType<StepInvariantException>();
    }

    [Fact]
    public void Liveness_CoffeeMachine_OrderNeverServed()
    {
        using var output = new StringWriter();
        ExplorationResult result = OracleExamples.Liveness(output);

        result.Failure.ShouldBeOfType<LivenessException>().Message.ShouldStartWith("Liveness property 'every order is served within 5 minutes' violated after step ");
        result.Failure.Message.ShouldContain("it stayed hot for 00:05:");
        output.ToString().ShouldContain("replay: ak1_");
    }

    [Fact]
    public void Linearizability_WriteBehindQueue_NotLinearizable()
    {
        ExplorationResult result = OracleExamples.Linearizability(TextWriter.Null);

        result.Failure.ShouldBeOfType<LinearizabilityException>().Message.ShouldContain("Model state there: ");
    }

    [Fact]
    public void Coverage_TasksAwaitedOneByOne_AllThreeInsideNeverHeldSoTheExplorationFails()
    {
        ExplorationResult result = OracleExamples.Coverage(TextWriter.Null);

        result.Failure.ShouldBeOfType<CoverageException>().Unreached.ShouldBe(["all three inside at once"]);
        result.Coverage.Single(l => l.Label == "one at a time").Schedules.ShouldBe(result.SchedulesExplored);
    }

    [Fact]
    public void SeededRandom_TheReplayDrawsTheSameJitter()
    {
        (ExplorationResult found, ExplorationResult replayed) = OracleExamples.SeededRandom(TextWriter.Null);

        found.Failure.ShouldBeOfType<TimeoutException>();
        replayed.Failure.ShouldBeOfType<TimeoutException>().Message.ShouldBe(found.Failure.Message);
    }

    private static Func<Task> OracleExamplesTransfer() => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        int checking = 100;
        int savings = 0;
        loop.AddInvariant("checking + savings == 100", () => checking + savings == 100);
        checking -= 30;
        await Task.Yield();
        savings += 30;
    };
}
