using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests;

public sealed class EndOfRunTests
{
    /// <summary>Main starts a worker that waits an hour and reacts to any exception, its cancellation included, by throwing;
    /// main then returns (or, with <paramref name="mainFails"/>, fails), leaving the worker to be cancelled.</summary>
    internal static Func<Task> ThrowsWhenCancelled(bool mainFails = false) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        _ = loop.CreateTask(async token =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromHours(1), loop.Clock, token);
            }
            catch (Exception)
            {
                throw new InvalidOperationException("the worker stopped");
            }
        }, "worker");
        await Task.Yield();
        if (mainFails)
        {
            throw new ArgumentException("main failed");
        }
    };

    [Fact]
    public void Run_LeftoverTaskThrowsWhileCancelled_IsAWarningNotAFailure()
    {
        using var loop = new AsynkitLoop();

        loop.RunUntilComplete(ThrowsWhenCancelled());

        string warning = loop.Warnings.ShouldHaveSingleItem();
        warning.ShouldStartWith("task 'worker' (#2) raised InvalidOperationException while it was cancelled at the end of the run: the worker stopped");
        warning.ShouldContain("LoopOptions.LeftoverTaskExceptions = Fail");
    }

    [Fact]
    public void Run_LeftoverExceptionsStrict_FailsTheRun()
    {
        var options = new LoopOptions { LeftoverTaskExceptions = LeftoverExceptionPolicy.Fail };

        Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(ThrowsWhenCancelled(), options)).Message.ShouldBe("the worker stopped");
    }

    [Fact]
    public void Run_LeftoverTaskFaultedBeforeMainEnded_StillFailsTheRun()
    {
        using var loop = new AsynkitLoop();

        Should.Throw<InvalidOperationException>(() => loop.RunUntilComplete(async () =>
        {
            _ = AsynkitLoop.Current!.CreateTask(() => throw new InvalidOperationException("faulted early"), "early");
            _ = AsynkitLoop.Current!.CreateTask(() => Task.Delay(TimeSpan.FromHours(1), AsynkitLoop.Current!.Clock), "sleeper");
            await Task.Yield();
            await Task.Yield();
        })).Message.ShouldBe("faulted early");
        loop.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Run_LeftoverTaskCancelledQuietly_NoWarning()
    {
        using var loop = new AsynkitLoop();

        loop.RunUntilComplete(async () =>
        {
            _ = AsynkitLoop.Current!.CreateTask(token => Task.Delay(TimeSpan.FromHours(1), AsynkitLoop.Current!.Clock, token), "sleeper");
            await Task.Yield();
        });

        loop.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Run_RealTimerStillArmedAtTheEnd_IsAWarning()
    {
        using var loop = new AsynkitLoop();
        Timer? timer = null;

        loop.RunUntilComplete(() =>
        {
            timer = new Timer(_ => { }, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
            return Task.CompletedTask;
        });
        timer!.Dispose();

        loop.Warnings.ShouldHaveSingleItem().ShouldStartWith("a real-time timer was still armed when the run ended");
    }

    [Fact]
    public void Explore_LeftoverWarning_ReachesTheResultAndItsSummary()
    {
        ExplorationResult result = Explorer.Explore(ThrowsWhenCancelled(), new ExplorationOptions { Iterations = 20, Seed = 1 });

        result.Failed.ShouldBeFalse(result.ToString());
        result.Warnings.ShouldHaveSingleItem().ShouldContain("task 'worker' (#2) raised InvalidOperationException while it was cancelled");
        result.Warnings[0].ShouldContain("(schedule 1 and ");
        result.ToString().ShouldContain("Warning: task 'worker' (#2) raised");
    }

    [Fact]
    public void Explore_FailingScheduleWithALeftoverWarning_HasItInTraceMessageAndHtmlReport()
    {
        string directory = Path.Combine(Path.GetTempPath(), "asynkit-end-of-run", Guid.NewGuid().ToString("N"));

        ExplorationResult result = Explorer.Explore(ThrowsWhenCancelled(mainFails: true), new ExplorationOptions { Iterations = 1, Shrink = false, ReportDirectory = directory });

        result.Failure.ShouldBeOfType<ArgumentException>();
        result.Warnings.ShouldHaveSingleItem().ShouldStartWith("task 'worker' (#2) raised InvalidOperationException");
        result.Trace.ShouldNotBeNull().ShouldContain("warning: task 'worker' (#2) raised InvalidOperationException", Case.Sensitive, result.Trace);
        result.ToString().ShouldContain("Warning: task 'worker' (#2) raised");
        File.ReadAllText(result.ReportPath.ShouldNotBeNull()).ShouldContain("task &#39;worker&#39; (#2) raised InvalidOperationException");
    }
}
