using System.Text.RegularExpressions;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Tests.Exploration;

namespace Asynkit.Testing.Tests.RoughEdges;

/// <summary>The rough edges of issue 16, each pinned by a test (the main program's are in Examples/HuntOptionsTests).</summary>
public sealed class RoughEdgeTests
{
    [Fact]
    public void RequireCurrent_OutsideALoop_ThrowsInvalidOperationNamingTheFix()
    {
        InvalidOperationException error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.RequireCurrent());

        error.Message.ShouldStartWith("No AsynkitLoop is running on this thread.");
        error.Message.ShouldContain("[AsynkitFact]");
        error.Message.ShouldContain("AsynkitTest.Run");
        error.Message.ShouldContain("Asynkit.Testing.Xunit.V3");
    }

    [Fact]
    public void RequireCurrent_InsideALoop_IsCurrent()
    {
        AsynkitLoop? seen = null;
        AsynkitLoop.Run(() =>
        {
            AsynkitLoop.RequireCurrent().ShouldBeSameAs(AsynkitLoop.Current);
            seen = AsynkitLoop.RequireCurrent();
            return Task.CompletedTask;
        });

        seen.ShouldNotBeNull();
    }

    [Fact]
    public void Explore_UnwritableReportFolder_KeepsTheFindingAndSaysWhyThereIsNoReport()
    {
        string file = Path.GetTempFileName();
        try
        {
            // A folder below a regular file cannot be created, whoever runs the test (root can write anywhere else).
            ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Iterations = 200, Seed = 1, ReportDirectory = Path.Combine(file, "reports") });

            result.Failed.ShouldBeTrue();
            result.Failure.ShouldBeOfType<InvalidOperationException>();
            result.ReplayToken.ShouldNotBeNull();
            result.Trace.ShouldNotBeNull();
            result.ReportPath.ShouldBeNull();
            result.ToString().ShouldContain("HTML report: not written: ");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AsynkitTest_UnwritableReportVariable_ThrowsTheFindingNotAnIoError()
    {
        string file = Path.GetTempFileName();
        try
        {
            using IDisposable environment = AsynkitEnvironment.Use(new Dictionary<string, string> { [AsynkitEnvironment.ReportDirectoryVariable] = Path.Combine(file, "reports") });

            ExplorationFailedException failure = Should.Throw<ExplorationFailedException>(() =>
                AsynkitTest.Run(new AsynkitTestOptions { Iterations = 200 }, ExplorationPrograms.LostUpdate()));

            failure.ReplayToken.ShouldNotBeNull();
            failure.Message.ShouldContain("HTML report: not written");
            failure.Message.ShouldContain(AsynkitEnvironment.ReportDirectoryVariable);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ShrinkReport_FewerPreemptionsButMoreNonDefaultChoices_ReadsAsTheImprovementItIs()
    {
        var report = new ShrinkReport(new ScheduleSize(9, 6, 2, 2), new ScheduleSize(8, 6, 1, 5), "ak1_x", 36, TimeSpan.FromMilliseconds(4), timedOut: false);

        string text = report.ToString();

        text.ShouldStartWith("shrunk to 1 preemption (from 2): 8 steps, 6 choices, 1 preemption, 5 non-default choices (36 attempts, 4 ms)");
        text.ShouldContain("fewer preemptions rank first, so these grew: non-default choices 2 -> 5");
    }

    [Fact]
    public void ShrinkReport_NothingSmallerFound_SaysSoInsteadOfFromXToX()
    {
        var size = new ScheduleSize(7, 4, 1, 2);

        string text = new ShrinkReport(size, size, "ak1_x", 27, TimeSpan.FromMilliseconds(4), timedOut: false).ToString();

        text.ShouldBe("no smaller failing schedule found: the schedule as found is reported, 7 steps, 4 choices, 1 preemption, 2 non-default choices (27 attempts, 4 ms)");
    }

    [Fact]
    public void FailureText_FailedExploration_StatesTheFailureOnce()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Iterations = 200, Seed = 3 });

        string text = result.ToString();

        Regex.Count(text, Regex.Escape(result.Failure!.Message)).ShouldBe(1);
        text.ShouldContain("failed with InvalidOperationException", customMessage: "the trace still says which task failed");
        result.Trace.ShouldNotBeNull().ShouldContain("Failure: InvalidOperationException", customMessage: "the result's own trace keeps its failure line");
    }
}
