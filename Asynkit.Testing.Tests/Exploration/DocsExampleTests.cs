using Asynkit.Examples.Exploration;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

/// <summary>Runs the examples of docs/exploration.md (examples/Asynkit.Examples/Exploration) and checks their results.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public void FindARace_LostUpdate_IsFoundReportedAndReplayed()
    {
        using var output = new StringWriter();
        ExplorationResult result = FindARaceExample.Run(output);
        string replayedLine = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[^1];

        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("lost update: 1 hit(s) recorded, expected 2");
        result.ToString().ShouldContain("Replay it in one run by pasting: Explorer.Replay(test, \"ak1_");
        result.Trace.ShouldNotBeNull().ShouldContain("request-2 #3");
        result.Shrinking!.Shrunk.Preemptions.ShouldBe(1);
        replayedLine.ShouldBe($"replayed: {result.Failure.Message}");
    }

    [Fact]
    public void ProveAbsence_LockedCounter_EverySchedulePasses()
    {
        ExplorationResult result = ProveAbsenceExample.Run(TextWriter.Null);

        result.Failed.ShouldBeFalse();
        result.SpaceCovered.ShouldBeTrue();
        result.SchedulesExplored.ShouldBe(36);
    }

    [Fact]
    public void DeterminismCheck_GuidBranch_IsCaught()
    {
        ExplorationResult result = DeterminismCheckExample.Run(TextWriter.Null);

        result.Failure.ShouldBeOfType<NondeterminismException>().Message.ShouldStartWith("uncontrolled nondeterminism");
    }
}
