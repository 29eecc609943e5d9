using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;
using Xunit.Abstractions;

namespace Asynkit.Examples.Coyote;

/// <summary>Rewritten mode on the Task.Run race: the sample failure, and the meta-tests that check it is found and replayed.</summary>
public sealed class TaskRunRaceTests(ITestOutputHelper output)
{
    private static ExplorationOptions Options(int iterations = 100, int seed = 42) => new()
    {
        Strategy = StrategyKind.Coyote,
        Iterations = iterations,
        Seed = seed,
        ReportDirectory = Path.Combine(Path.GetTempPath(), "asynkit-coyote-examples"),
    };

    private CoyoteOptions Coyote => new() { Output = new TestOutputWriter(output) };

    /// <summary>The sample: fails on purpose with Coyote's trace path in the message (excluded from the default run).</summary>
    [Fact]
    [Trait("Category", "FailureExpected")]
    public void LostUpdate_UnderCoyote_FailsWithATraceToReplay()
    {
        CoyoteExplorer.ExploreRewritten(TaskRunRace.LostUpdateAsync, Options(), Coyote).ThrowIfFailed();
    }

    [Fact]
    public void LostUpdate_CoyoteFindsTheRaceAndItsTraceReplaysIt()
    {
        ExplorationResult found = CoyoteExplorer.ExploreRewritten(TaskRunRace.LostUpdateAsync, Options(), Coyote);
        output.WriteLine(found.ToString());

        found.Failed.ShouldBeTrue();
        found.TimeToFirstFailure.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        found.TimeToFirstFailure.Value.ShouldBeLessThanOrEqualTo(found.Elapsed);
        var bug = found.Failure.ShouldBeOfType<CoyoteBugException>();
        bug.Message.ShouldContain("lost update: the counter is 1, expected 2");
        found.CoyoteTracePath.ShouldNotBeNull();
        File.Exists(found.CoyoteTracePath).ShouldBeTrue();
        bug.TracePath.ShouldBe(found.CoyoteTracePath);
        found.ToString().ShouldContain($"Coyote trace: {found.CoyoteTracePath}");

        ExplorationResult replayed = CoyoteExplorer.ExploreRewritten(TaskRunRace.LostUpdateAsync, Options() with { Replay = found.CoyoteTracePath }, Coyote);

        replayed.Failed.ShouldBeTrue(replayed.ToString());
        replayed.SchedulesExplored.ShouldBe(1);
        replayed.Failure.ShouldBeOfType<CoyoteBugException>().BugReport.ShouldBe(bug.BugReport);
    }

    [Fact]
    public void LostUpdate_TheSampleFailureSaysHowToReplayIt()
    {
        ExplorationResult found = CoyoteExplorer.ExploreRewritten(TaskRunRace.LostUpdateAsync, Options(), Coyote);

        var error = Should.Throw<ExplorationFailedException>(found.ThrowIfFailed);

        error.Message.ShouldContain("Coyote trace: ");
        error.Message.ShouldContain("lost update");
        error.InnerException.ShouldBeOfType<CoyoteBugException>();
    }

    [Fact]
    public void Fixed_PassesEveryIteration()
    {
        ExplorationResult result = CoyoteExplorer.ExploreRewritten(TaskRunRace.FixedAsync, Options(iterations: 200), Coyote);

        result.Failed.ShouldBeFalse(result.ToString());
        result.SchedulesExplored.ShouldBe(200);
        result.TimeToFirstFailure.ShouldBeNull();
        result.StopReason.ShouldBe("all 200 iteration(s) ran");
    }

    [Fact]
    public void LostUpdate_SameSeed_FoundInTheSameIteration()
    {
        ExplorationResult first = CoyoteExplorer.ExploreRewritten(TaskRunRace.LostUpdateAsync, Options(seed: 7), Coyote);
        ExplorationResult second = CoyoteExplorer.ExploreRewritten(TaskRunRace.LostUpdateAsync, Options(seed: 7), Coyote);

        first.Failed.ShouldBeTrue();
        second.FailingIteration.ShouldBe(first.FailingIteration);
        second.CoyoteTrace.ShouldBe(first.CoyoteTrace);
    }

    [Fact]
    public void ThisAssembly_IsRewritten()
    {
        CoyoteRewriting.IsRewritten(typeof(TaskRunRace).Assembly).ShouldBeTrue();
    }
}
