using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class CoverageTests
{
    /// <summary>Two tasks race to a shared slot; "late writer won" is reached only when the second one writes last, and the
    /// Sometimes label "both waited" only when both read the slot empty.</summary>
    private static async Task RaceForTheSlotAsync()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        string? slot = null;
        int sawEmpty = 0;
        async Task WriteAsync(string name)
        {
            if (slot is null)
            {
                sawEmpty++;
            }

            await Task.Yield();
            slot = name;
        }

        LoopTask a = loop.CreateTask(() => WriteAsync("a"), "a");
        LoopTask b = loop.CreateTask(() => WriteAsync("b"), "b");
        await Task.WhenAll(a.Task, b.Task);
        if (slot == "a")
        {
            Coverage.Reached("early writer won");
        }

        Coverage.Sometimes("both saw it empty", sawEmpty == 2);
    }

    [Fact]
    public void Explore_LabelsReachedInSomeSchedules_AreCountedAcrossAllOfThem()
    {
        ExplorationResult result = Explorer.Explore(RaceForTheSlotAsync, new ExplorationOptions { Iterations = 200, Seed = 4 });

        result.Failed.ShouldBeFalse();
        CoverageLabel early = result.Coverage.Single(l => l.Label == "early writer won");
        early.IsSometimes.ShouldBeFalse();
        early.Schedules.ShouldBeInRange(1, 199, "some schedules, not all");
        early.Hits.ShouldBe(early.Schedules);
        early.FirstSchedule.ShouldNotBeNull();
        CoverageLabel both = result.Coverage.Single(l => l.Label == "both saw it empty");
        both.IsSometimes.ShouldBeTrue();
        both.Evaluations.ShouldBe(200);
        both.IsReached.ShouldBeTrue();
        result.ToString().ShouldContain("Coverage: 'early writer won': reached in ");
        result.ToString().ShouldContain($"Coverage: 'both saw it empty': held in {both.Schedules} of 200 schedule(s), {both.Hits} time(s) of 200 evaluated");
    }

    [Fact]
    public void Explore_SameSeed_SameCoverage()
    {
        var options = new ExplorationOptions { Iterations = 100, Seed = 8 };

        Explorer.Explore(RaceForTheSlotAsync, options).Coverage.ShouldBe(Explorer.Explore(RaceForTheSlotAsync, options).Coverage);
    }

    [Fact]
    public void Explore_InParallel_SameCoverageAsSerially()
    {
        var options = new ExplorationOptions { Iterations = 100, Seed = 8, Strategy = StrategyKind.Random };

        Explorer.Explore(RaceForTheSlotAsync, options with { Parallelism = 2 }).Coverage.ShouldBe(Explorer.Explore(RaceForTheSlotAsync, options).Coverage);
    }

    [Fact]
    public void Explore_UnderCoyotesEngine_CoverageIsCountedToo()
    {
        ExplorationResult result = Explorer.Explore(RaceForTheSlotAsync, new ExplorationOptions { Iterations = 50, Seed = 3, Strategy = StrategyKind.Coyote, RequireCoverage = true });

        result.Failed.ShouldBeFalse(result.ToString());
        result.Coverage.Single(l => l.Label == "both saw it empty").Evaluations.ShouldBe(result.SchedulesExplored);
    }

    [Fact]
    public void RequireCoverage_DeclaredLabelNeverReached_FailsWithCoverageExceptionAndNoToken()
    {
        ExplorationResult result = Explorer.Explore(RaceForTheSlotAsync, new ExplorationOptions { Strategy = StrategyKind.Fifo, RequireCoverage = true, CoverageLabels = ["early writer won"] });

        CoverageException error = result.Failure.ShouldBeOfType<CoverageException>();
        error.Unreached.ShouldBe(["early writer won"], "FIFO: b writes last");
        result.ReplayToken.ShouldBeNull();
        result.FailingIteration.ShouldBeNull();
        error.Message.ShouldStartWith("coverage not met: 1 of 2 coverage label(s) never reached in 1 schedule(s): ");
        Should.Throw<ExplorationFailedException>(result.ThrowIfFailed).InnerException.ShouldBeSameAs(error);
    }

    [Fact]
    public void RequireCoverage_Explored_ReachesEveryLabelAndPasses()
    {
        ExplorationResult result = Explorer.Explore(RaceForTheSlotAsync, new ExplorationOptions { Iterations = 100, Seed = 1, RequireCoverage = true, CoverageLabels = ["early writer won"] });

        result.Failed.ShouldBeFalse(result.ToString());
        result.Coverage.ShouldAllBe(l => l.IsReached);
    }

    [Fact]
    public void CoverageLabels_DeclaredButNeverEvaluated_AreReportedAndRequired()
    {
        var options = new ExplorationOptions { Iterations = 50, Seed = 1, CoverageLabels = ["retry after timeout"] };

        ExplorationResult reported = Explorer.Explore(RaceForTheSlotAsync, options);
        ExplorationResult required = Explorer.Explore(RaceForTheSlotAsync, options with { RequireCoverage = true });

        reported.Failed.ShouldBeFalse();
        reported.Coverage.Single(l => l.Label == "retry after timeout").IsReached.ShouldBeFalse();
        reported.ToString().ShouldContain("Coverage: 'retry after timeout': never reached");
        required.Failure.ShouldBeOfType<CoverageException>().Unreached.ShouldBe(["retry after timeout"]);
        required.ToString().ShouldStartWith("Asynkit: all 50 schedule(s) passed, but coverage was not met (Portfolio; seed 1");
    }

    [Fact]
    public void RequireCoverage_ARealFailure_WinsAndKeepsItsToken()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Iterations = 100, Seed = 1, RequireCoverage = true, CoverageLabels = ["never"] });

        result.Failure.ShouldBeOfType<InvalidOperationException>();
        result.ReplayToken.ShouldNotBeNull();
        result.Coverage.Single().Label.ShouldBe("never");
    }

    [Fact]
    public void HtmlReport_OfACoverageFailure_HasTheCoverageTable()
    {
        string folder = Path.Combine(Path.GetTempPath(), "asynkit-coverage-" + Guid.NewGuid().ToString("N"));
        try
        {
            ExplorationResult result = Explorer.Explore(RaceForTheSlotAsync, new ExplorationOptions { Strategy = StrategyKind.Fifo, RequireCoverage = true, CoverageLabels = ["early writer won"], ReportDirectory = folder });

            string html = File.ReadAllText(result.ReportPath.ShouldNotBeNull());
            html.ShouldContain("<h2>Coverage</h2>");
            html.ShouldContain("<tr style=\"background:#fdecea\"><td>early writer won</td><td>reached</td>");
            html.ShouldContain("<td>both saw it empty</td><td>sometimes</td>");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Replay_CoverageOfTheReplayedRun_IsReported()
    {
        ExplorationResult found = Explorer.Explore(
            async () =>
            {
                await RaceForTheSlotAsync();
                throw new InvalidOperationException("record this schedule");
            },
            new ExplorationOptions { Iterations = 1, Strategy = StrategyKind.Fifo });

        ExplorationResult replayed = Explorer.Replay(async () =>
        {
            await RaceForTheSlotAsync();
            throw new InvalidOperationException("record this schedule");
        }, found.ReplayToken!);

        replayed.Coverage.Single(l => l.Label == "both saw it empty").Evaluations.ShouldBe(1);
    }

    [Fact]
    public void Coverage_OutsideALoop_DoesNothing()
    {
        Coverage.Reached("anything");
        Coverage.Sometimes("anything", condition: true).ShouldBeTrue();
        Coverage.Sometimes("anything", condition: false).ShouldBeFalse();
    }

    [Fact]
    public void Coverage_BadArguments_NameTheArgument()
    {
        Should.Throw<ArgumentException>(() => Coverage.Reached("")).ParamName.ShouldBe("label");
        Should.Throw<ArgumentNullException>(() => Coverage.Sometimes(null!, true)).ParamName.ShouldBe("label");
        Should.Throw<ArgumentException>(() => Explorer.Explore(RaceForTheSlotAsync, new ExplorationOptions { CoverageLabels = ["ok", ""] }))
            .Message.ShouldContain("ExplorationOptions.CoverageLabels holds a null or empty label");
    }

    [Fact]
    public void Coverage_OneLabelUsedBothWays_FailsTheRunNamingIt()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(() =>
        {
            Coverage.Reached("x");
            Coverage.Sometimes("x", true);
            return Task.CompletedTask;
        }));

        error.Message.ShouldContain("Coverage label 'x' is used with both Coverage.Reached and Coverage.Sometimes");
    }
}
