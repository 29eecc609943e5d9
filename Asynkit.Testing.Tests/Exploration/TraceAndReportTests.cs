using System.Text.RegularExpressions;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class TraceAndReportTests
{
    private static ExplorationResult FindCriticalSectionBug(string? reportDirectory = null) =>
        Explorer.Explore(ExplorationPrograms.CriticalSection(), new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 1, Iterations = 100, ReportDirectory = reportDirectory, Name = "CriticalSection" });

    private static string[] StepLines(string trace) =>
        trace.Split('\n').Where(line => Regex.IsMatch(line, @"^\s*\d+\s+\+")).ToArray();

    [Fact]
    public void Trace_FailingSchedule_HasOneLinePerStepAndTheFailureAtTheEnd()
    {
        ExplorationResult result = FindCriticalSectionBug();
        string trace = result.Trace.ShouldNotBeNull();

        string[] steps = StepLines(trace);
        steps.Length.ShouldBe((int)result.Shrinking!.Shrunk.Steps);
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i].TrimStart().ShouldStartWith($"{i + 1} ");
        }

        steps[0].ShouldContain("main #1");
        steps[0].ShouldContain("start");
        trace.ShouldContain("writer #2");
        trace.ShouldContain("checker #3");
        trace.ShouldContain("ExplorationPrograms.cs:"); // where the task resumed, from the PDB
        trace.TrimEnd().Split('\n')[^1].ShouldBe("Failure: InvalidOperationException: the checker saw the writer inside its critical section");
    }

    [Fact]
    public void Trace_Preemption_IsMarked()
    {
        string trace = FindCriticalSectionBug().Trace!;

        string[] preemptions = StepLines(trace).Where(line => line.Contains(" * ", StringComparison.Ordinal)).ToArray();
        preemptions.Length.ShouldBe(1);
        preemptions[0].ShouldContain("checker #3");
        preemptions[0].ShouldContain("[preempts writer;");
    }

    [Fact]
    public void Trace_ShowsVirtualTimeAndTaskEnds()
    {
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                LoopTask sleeper = loop.CreateTask(async () => await Task.Delay(TimeSpan.FromMilliseconds(1500), loop.Clock), "sleeper");
                await sleeper;
                throw new InvalidOperationException("woke up");
            },
            new ExplorationOptions { Strategy = StrategyKind.Fifo });

        string trace = result.Trace!;
        trace.ShouldContain("+1.5s");
        trace.ShouldMatch(@"\(callback\) +timer fires");
        trace.ShouldContain("sleeper #2 finished");
        trace.ShouldContain("main #1 failed with InvalidOperationException");
    }

    [Fact]
    public void Trace_Deadlock_EndsWithTheBlockedTasks()
    {
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                var never = new TaskCompletionSource();
                await AsynkitLoop.Current!.CreateTask(() => never.Task, "stuck");
            },
            new ExplorationOptions { Strategy = StrategyKind.Fifo });

        result.Failure.ShouldBeOfType<DeadlockException>();
        result.Trace.ShouldNotBeNull().ShouldContain("Failure: DeadlockException: Deadlock");
        result.Trace.ShouldContain("task 'stuck' (#2)");
    }

    [Fact]
    public void Report_ReportDirectoryOption_WritesASelfContainedSwimLaneReport()
    {
        string directory = Path.Combine(Path.GetTempPath(), "asynkit-report-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            ExplorationResult result = FindCriticalSectionBug(directory);

            string path = result.ReportPath.ShouldNotBeNull();
            File.Exists(path).ShouldBeTrue();
            Path.GetDirectoryName(path).ShouldBe(Path.GetFullPath(directory));
            result.ToString().ShouldContain(path);
            string html = File.ReadAllText(path);
            html.ShouldStartWith("<!DOCTYPE html>");
            html.ShouldContain(result.ReplayToken!);
            html.ShouldContain("<svg");
            Regex.Count(html, "<rect class=\"step").ShouldBe((int)result.Shrinking!.Shrunk.Steps);
            html.ShouldContain("<rect class=\"step pre\"");
            html.ShouldContain("ExplorationPrograms.cs:");
            html.ShouldContain("writer #2");
            html.ShouldContain("checker #3");
            html.ShouldNotContain("<script");
            html.ShouldNotContain("<link");
            Regex.Count(html, "https?://").ShouldBe(Regex.Count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Report_PassingExploration_WritesNothing()
    {
        string directory = Path.Combine(Path.GetTempPath(), "asynkit-report-test-" + Guid.NewGuid().ToString("N"));

        ExplorationResult result = Explorer.Explore(ExplorationPrograms.Interleavings(2, 2), new ExplorationOptions { Iterations = 10, ReportDirectory = directory });

        result.ReportPath.ShouldBeNull();
        Directory.Exists(directory).ShouldBeFalse();
    }

    [Fact]
    public void Report_Html_EscapesWhatTheTestWrote()
    {
        string directory = Path.Combine(Path.GetTempPath(), "asynkit-report-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            ExplorationResult result = Explorer.Explore(
                () => throw new InvalidOperationException("<script>alert(1)</script>"),
                new ExplorationOptions { Strategy = StrategyKind.Fifo, ReportDirectory = directory, Name = "a/b <c>" });

            string html = File.ReadAllText(result.ReportPath!);
            html.ShouldNotContain("<script>");
            html.ShouldContain("&lt;script&gt;");
            Path.GetFileName(result.ReportPath!).ShouldStartWith("a_b__c_-");
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Result_ToString_StartsWithWhatReproducesTheFailure()
    {
        ExplorationResult result = FindCriticalSectionBug();

        string[] lines = result.ToString().Split(Environment.NewLine);
        lines[0].ShouldBe($"Asynkit: iteration {result.FailingIteration} of 100 failed (Random: Random; seed 1, set in the options).");
        lines[1].ShouldBe($"Replay it in one run by pasting: Explorer.Replay(test, \"{result.ReplayToken}\")");
        lines[2].ShouldStartWith("InvalidOperationException: the checker saw");
        result.ToString().ShouldContain("Statistics: ");
    }

    [Fact]
    public void ThrowIfFailed_Failure_ThrowsWithTheTokenAndTheFailureInside()
    {
        ExplorationResult result = FindCriticalSectionBug();

        ExplorationFailedException error = Should.Throw<ExplorationFailedException>(result.ThrowIfFailed);

        error.Message.ShouldStartWith("Asynkit: iteration ");
        error.Message.ShouldContain(result.ReplayToken!);
        error.ReplayToken.ShouldBe(result.ReplayToken);
        error.Trace.ShouldBe(result.Trace);
        error.InnerException.ShouldBeSameAs(result.Failure);
    }
}
