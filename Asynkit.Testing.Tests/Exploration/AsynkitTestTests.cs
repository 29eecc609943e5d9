using System.Text.RegularExpressions;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

/// <summary>The framework-neutral runner: what NUnit, MSTest and xunit v3 users call in one line.</summary>
public sealed partial class AsynkitTestTests
{
    private static readonly AsyncLocal<List<string>?> s_frameworkContext = new();

    [Fact]
    public void Run_FifoBody_RunsOnceOnALoopAndPassesQuietly()
    {
        var output = new StringWriter();
        int runs = 0;

        AsynkitTest.Run(new AsynkitTestOptions { Output = output }, async () =>
        {
            runs++;
            AsynkitLoop loop = AsynkitLoop.RequireCurrent();
            await Task.Delay(TimeSpan.FromHours(1), loop.Clock);
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromHours(1));
        });

        runs.ShouldBe(1);
        output.ToString().ShouldBeEmpty();
    }

    [Fact]
    public void Run_RacyBodyExplored_ThrowsOnceWithThePasteLineFirst()
    {
        ExplorationFailedException failure = Should.Throw<ExplorationFailedException>(() =>
            AsynkitTest.Run(new AsynkitTestOptions { Iterations = 200 }, ExplorationPrograms.LostUpdate()));

        failure.Message.ShouldMatch(@"^Asynkit: iteration \d+ of 200 failed \(Portfolio: .+; seed -?\d+, derived from the test name\)\.");
        failure.Message.Split('\n')[1].ShouldStartWith("Replay it in one run by pasting: new AsynkitTestOptions { Replay = \"ak1_");
        failure.Message.ShouldContain($"seed {StableHash.Seed("AsynkitTestTests." + nameof(Run_RacyBodyExplored_ThrowsOnceWithThePasteLineFirst))}");
        failure.InnerException.ShouldBeNull("a framework prints an inner exception's message again");
        failure.Failure.ShouldBeOfType<InvalidOperationException>();
        Regex.Count(failure.Message, "lost update: counter is 1").ShouldBe(1, "the failure is stated once");
        failure.StackTrace.ShouldNotBeNull().ShouldContain(nameof(ExplorationPrograms));
        failure.ReplayToken.ShouldNotBeNull();
    }

    [Fact]
    public void Run_PastedReplayLine_ReplaysTheFailingScheduleInOneRun()
    {
        string token = Should.Throw<ExplorationFailedException>(() =>
            AsynkitTest.Run(new AsynkitTestOptions { Iterations = 200 }, ExplorationPrograms.LostUpdate())).ReplayToken!;
        int runs = 0;
        Func<Task> racy = ExplorationPrograms.LostUpdate();

        ExplorationFailedException replayed = Should.Throw<ExplorationFailedException>(() =>
            AsynkitTest.Run(new AsynkitTestOptions { Replay = token, Shrink = false }, () =>
            {
                runs++;
                return racy();
            }));

        replayed.Message.ShouldStartWith("Asynkit: the replayed schedule failed.");
        runs.ShouldBe(1, "a replay is traced as it runs");
    }

    [Fact]
    public void Run_PassingExploration_WritesOneSummaryLine()
    {
        var output = new StringWriter();

        AsynkitTest.Run(new AsynkitTestOptions { Iterations = 50, Output = output }, ExplorationPrograms.LostUpdate(fixedTwin: true));

        output.ToString().ShouldStartWith("Asynkit: explored 50 schedules");
        output.ToString().ShouldContain("derived from the test name");
    }

    [Fact]
    public void Run_IterationsVariable_OverridesTheOptions()
    {
        var output = new StringWriter();
        using (AsynkitEnvironment.Use(new Dictionary<string, string> { [AsynkitEnvironment.IterationsVariable] = "7" }))
        {
            AsynkitTest.Run(new AsynkitTestOptions { Iterations = 50, Output = output }, ExplorationPrograms.LostUpdate(fixedTwin: true));
        }

        output.ToString().ShouldStartWith("Asynkit: explored 7 schedules");
    }

    [Fact]
    public void Run_FailingRunsOfTheBody_NeverReachTheCallersContext()
    {
        // What NUnit does: the test's context flows in an AsyncLocal, and every failed assertion is recorded in it.
        s_frameworkContext.Value = [];
        Func<Task> racy = ExplorationPrograms.LostUpdate();

        Should.Throw<ExplorationFailedException>(() => AsynkitTest.Run(new AsynkitTestOptions { Iterations = 200 }, async () =>
        {
            try
            {
                await racy();
            }
            catch (InvalidOperationException ex)
            {
                s_frameworkContext.Value?.Add(ex.Message);
                throw;
            }
        }));

        s_frameworkContext.Value.ShouldBeEmpty("the found schedule, the shrinking candidates and the traced rerun all failed, each outside the caller's context");
    }

    [Fact]
    public void Run_RunawayBodyWithTimeout_FailsAsATimeout()
    {
        ExplorationFailedException failure = Should.Throw<ExplorationFailedException>(() =>
            AsynkitTest.Run(new AsynkitTestOptions { Timeout = TimeSpan.FromMilliseconds(200) }, static async () =>
            {
                while (true)
                {
                    await Task.Yield();
                }
            }));

        failure.Message.ShouldStartWith("Test execution timed out after 200 ms (Timeout).");
    }

    [Fact]
    public void Run_InvalidOptions_ThrowsArgumentExceptionNamingTheSetting()
    {
        Should.Throw<ArgumentException>(() => AsynkitTest.Run(new AsynkitTestOptions { Iterations = 0 }, static () => Task.CompletedTask))
            .Message.ShouldStartWith("[AsynkitTestOptions] Iterations is 0");
    }

    [Fact]
    public void Run_InsideALoop_ThrowsInvalidOperation()
    {
        AsynkitLoop.Run(() =>
        {
            Should.Throw<InvalidOperationException>(() => AsynkitTest.Run(static () => Task.CompletedTask)).Message.ShouldContain("inside a running loop");
            return Task.CompletedTask;
        });
    }

    [Theory]
    [InlineData("Run_X", "/src/tests/InventoryTests.cs", "InventoryTests.Run_X")]
    [InlineData("Run_X", "C:\\src\\tests\\InventoryTests.cs", "InventoryTests.Run_X")]
    [InlineData("Run_X", "", "Run_X")]
    public void NameOf_CallerAndFile_IsFileDotMethodWithoutThePath(string caller, string file, string expected) =>
        AsynkitTest.NameOf(caller, file).ShouldBe(expected);
}
