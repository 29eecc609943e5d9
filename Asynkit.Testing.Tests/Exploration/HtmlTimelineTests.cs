using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

/// <summary>The HTML report's timeline: timers named by where they were created, a deadlock drawn with each blocked task's wait,
/// who woke whom, and a label on every block.</summary>
public sealed class HtmlTimelineTests
{
    private static int Line([CallerLineNumber] int line = 0) => line;

    private static ExplorationResult Fifo(Func<Task> test) => Explorer.Explore(test, new ExplorationOptions { Strategy = StrategyKind.Fifo, Name = "timeline" });

    [Fact]
    public void Timers_DueAtTheSameInstant_EachHasALaneNamedByTheLineThatCreatedIt()
    {
        int first = 0, second = 0;
        ExplorationResult result = Fifo(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.RequireCurrent();
            (Task a, first) = (Task.Delay(TimeSpan.FromSeconds(1), loop.Clock), Line());
            (Task b, second) = (Task.Delay(TimeSpan.FromSeconds(1), loop.Clock), Line());
            await Task.WhenAll(a, b);
            throw new InvalidOperationException("both timers fired");
        });

        string html = HtmlReport.Render(result);
        html.ShouldContain($">timer HtmlTimelineTests.cs:{first}<");
        html.ShouldContain($">timer HtmlTimelineTests.cs:{second}<");
        html.ShouldContain($"timer created at HtmlTimelineTests.");
        Regex.Count(html, "<rect class=\"step cb\"").ShouldBe(2);
        result.Trace.ShouldNotBeNull().ShouldContain($"timer fires (created at ");
        result.Trace.ShouldContain($"HtmlTimelineTests.cs:{second})");
    }

    [Fact]
    public void Timer_AWaitingTask_IsWokenByTheTimersStep_AndTheTimerArmedByTheStepThatCreatedIt()
    {
        ExplorationResult result = Fifo(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.RequireCurrent();
            await loop.CreateTask(() => Task.Delay(TimeSpan.FromSeconds(1), loop.Clock), "sleeper");
            throw new InvalidOperationException("woke");
        });

        List<TraceEvent> steps = [.. result.TraceEvents!.Where(e => e.Kind == TraceEventKind.Step)];
        TraceEvent timer = steps.Single(e => e.Detail == "timer fires");
        TraceEvent sleeperStart = steps.First(e => e.TaskName == "sleeper");
        timer.WokenBy.ShouldBe(sleeperStart.Step);
        timer.Origin.ShouldNotBeNull().ShouldContain("HtmlTimelineTests.cs:");
        string html = HtmlReport.Render(result);
        html.ShouldContain($"armed by step {sleeperStart.Step} (sleeper #2)");
        html.ShouldContain($"woken by step {timer.Step} (timer HtmlTimelineTests.cs:");
    }

    [Fact]
    public void WokenBy_TheStepThatCompletedWhatATaskAwaited_IsNamedAndDrawnAsAnArrow()
    {
        ExplorationResult result = Fifo(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.RequireCurrent();
            var signal = new TaskCompletionSource();
            LoopTask waiter = loop.CreateTask(async () => await signal.Task, "waiter");
            LoopTask setter = loop.CreateTask(async () =>
            {
                await Task.Yield();
                signal.SetResult();
            }, "setter");
            await waiter;
            await setter;
            throw new InvalidOperationException("done");
        });

        List<TraceEvent> steps = [.. result.TraceEvents!.Where(e => e.Kind == TraceEventKind.Step)];
        TraceEvent setterLast = steps.Last(e => e.TaskName == "setter");
        TraceEvent waiterResumed = steps.Last(e => e.TaskName == "waiter");
        waiterResumed.WokenBy.ShouldBe(setterLast.Step);
        steps.First(e => e.TaskName == "waiter").WokenBy.ShouldBe(steps[0].Step); // created by main's first step
        string html = HtmlReport.Render(result);
        html.ShouldContain($"woken by step {setterLast.Step} (setter #3)");
        html.ShouldContain($"created by step {steps[0].Step} (main #1)");
        long yielded = steps.First(e => e.TaskName == "setter" && e.Detail != "start").WokenBy;
        html.ShouldContain($"woken by step {yielded} (itself)");
        Regex.Count(html, "<path class=\"wake\"").ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void Deadlock_EachBlockedTask_IsDrawnAtTheEndWithWhatItWaitsFor()
    {
        ExplorationResult result = Fifo(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.RequireCurrent();
            var first = new TaskCompletionSource();
            var second = new TaskCompletionSource();
            LoopTask a = loop.CreateTask(async () => { await first.Task; second.SetResult(); }, "a");
            LoopTask b = loop.CreateTask(async () => { await second.Task; first.SetResult(); }, "b");
            await a;
            await b;
        });

        result.Failure.ShouldBeOfType<DeadlockException>();
        List<TraceEvent> blocked = [.. result.TraceEvents!.Where(e => e.Kind == TraceEventKind.Blocked)];
        blocked.Select(e => e.TaskName).ShouldBe(["main", "a", "b"]);
        blocked[0].Detail.ShouldStartWith("awaits task 'a' (#2), at ");
        blocked[1].Detail.ShouldStartWith("awaits a task that nothing completed");
        string html = HtmlReport.Render(result);
        Regex.Count(html, "<rect class=\"blocked\"").ShouldBe(3);
        html.ShouldContain("deadlock: a #2 awaits a task that nothing completed");
        html.ShouldContain("deadlock: b #3 awaits a task that nothing completed");
        html.ShouldContain("HtmlTimelineTests.cs:"); // where each waits, from the PDB
        result.Trace.ShouldNotBeNull().ShouldNotContain("a #2 awaits"); // the text trace leaves it to the message
    }

    [Fact]
    public void Blocks_SevenTasks_EveryBlockCarriesALabelThatFits()
    {
        ExplorationResult result = Fifo(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.RequireCurrent();
            int counter = 0;
            LoopTask[] workers = [.. Enumerable.Range(0, 6).Select(i => loop.CreateTask(async () =>
            {
                for (int round = 0; round < 12; round++)
                {
                    await Task.Yield();
                    counter++;
                }
            }, $"worker {i}"))];
            foreach (LoopTask worker in workers)
            {
                await worker;
            }

            throw new InvalidOperationException($"counted {counter}");
        });

        string html = HtmlReport.Render(result);
        int steps = result.TraceEvents!.Count(e => e.Kind == TraceEventKind.Step);
        steps.ShouldBeGreaterThan(70);
        MatchCollection labels = Regex.Matches(html, "<text class=\"label[^\"]*\"[^>]*>([^<]*)</text>");
        labels.Count.ShouldBe(steps);
        labels.ShouldAllBe(m => m.Groups[1].Value.Length > 0 && m.Groups[1].Value.Length <= 3);
        labels.Count(m => m.Groups[1].Value == "st").ShouldBe(7);
        labels.Count(m => Regex.IsMatch(m.Groups[1].Value, "^[0-9]+$")).ShouldBe(steps - 7);
        Regex.Matches(html, "<rect class=\"step[^\"]*\" x=\"\\d+\" y=\"\\d+\" width=\"(\\d+)\"").ShouldAllBe(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 18);
    }
}
