using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class RegressionReplayTests
{
    private static string BuggyToken()
    {
        ExplorationResult found = Explorer.Explore(ExplorationPrograms.LostUpdate(yieldsBetween: 1), new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 100, Seed = 1 });
        found.Failed.ShouldBeTrue();
        return found.ReplayToken!;
    }

    [Fact]
    public void Replay_AfterTheFix_FollowsTheTokenThenFifoAndPasses()
    {
        string token = BuggyToken();

        ExplorationResult replayed = Explorer.Replay(ExplorationPrograms.LostUpdate(fixedTwin: true, yieldsBetween: 1), token);

        replayed.Failed.ShouldBeFalse(replayed.ToString());
        string warning = replayed.Warnings.ShouldHaveSingleItem();
        warning.ShouldStartWith("the recorded schedule no longer exists (the code changed since the token was recorded): the run left it at step ");
        warning.ShouldContain("from there ran in FIFO order");
        replayed.Trace.ShouldNotBeNull().ShouldContain("warning: the recorded schedule no longer exists");
        replayed.ToString().ShouldBe("Asynkit: the replayed schedule passed." + Environment.NewLine + "Warning: " + warning);
    }

    [Fact]
    public void Replay_AfterTheFix_LeavesTheScheduleWhereStrictReplayDiverges()
    {
        string token = BuggyToken();
        Func<Task> fixedTwin = ExplorationPrograms.LostUpdate(fixedTwin: true, yieldsBetween: 1);

        ScheduleDivergedException strict = Should.Throw<ScheduleDivergedException>(() => Explorer.Explore(fixedTwin, new ExplorationOptions { Replay = token, StrictReplay = true }));
        ExplorationResult lenient = Explorer.Replay(fixedTwin, token);

        lenient.Warnings.ShouldHaveSingleItem().ShouldContain($"the run left it at step {strict.Step} (");
    }

    [Fact]
    public void Replay_ChangedCodeThatStillFails_ReportsTheFailureWithATokenThatReplaysExactly()
    {
        string token = BuggyToken();
        Func<Task> changed = ExplorationPrograms.LostUpdate(yieldsBetween: 2);

        ExplorationResult replayed = Explorer.Replay(changed, token);

        replayed.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldStartWith("lost update");
        replayed.Warnings.ShouldHaveSingleItem().ShouldStartWith("the recorded schedule no longer exists");
        replayed.ReplayToken.ShouldNotBe(token);
        ExplorationResult exact = Explorer.Explore(changed, new ExplorationOptions { Replay = replayed.ReplayToken, StrictReplay = true });
        exact.Failure.ShouldBeOfType<InvalidOperationException>();
        exact.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Replay_UnchangedCode_HasNoWarning()
    {
        string token = BuggyToken();

        ExplorationResult replayed = Explorer.Replay(ExplorationPrograms.LostUpdate(yieldsBetween: 1), token);

        replayed.Failure.ShouldBeOfType<InvalidOperationException>();
        replayed.Warnings.ShouldBeEmpty();
        replayed.ReplayToken.ShouldBe(token);
    }
}
