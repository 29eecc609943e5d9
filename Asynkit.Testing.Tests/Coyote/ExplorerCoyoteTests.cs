using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Tests.Exploration;

namespace Asynkit.Testing.Tests.Coyote;

/// <summary><see cref="Explorer.Explore"/> with <see cref="StrategyKind.Coyote"/>: dispatched to Coyote's engine, reported by the
/// same failure pipeline as every other strategy.</summary>
public sealed class ExplorerCoyoteTests
{
    private static ExplorationOptions Options(int seed) => new() { Strategy = StrategyKind.Coyote, Iterations = 200, Seed = seed };

    [Fact]
    public void Explore_CoyoteStrategy_FindsTheRaceAndItsTokenReplaysIt()
    {
        Func<Task> test = ExplorationPrograms.LostUpdate();

        ExplorationResult found = Explorer.Explore(test, Options(seed: 11));

        found.Failed.ShouldBeTrue(found.ToString());
        found.Strategy.ShouldBe(StrategyKind.Coyote);
        found.FailingStrategy.ShouldBe("Coyote portfolio");
        found.Shrinking.ShouldNotBeNull();
        found.CoyoteTrace.ShouldNotBeNullOrWhiteSpace();
        ExplorationResult replayed = Explorer.Replay(test, found.ReplayToken!);
        replayed.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe(found.Failure.ShouldBeOfType<InvalidOperationException>().Message);
        replayed.Trace.ShouldBe(found.Trace);
    }

    [Fact]
    public void Explore_CoyoteStrategy_ReplaysCoyotesOwnTrace()
    {
        Func<Task> test = ExplorationPrograms.LostUpdate(yieldsBetween: 2);
        ExplorationResult found = Explorer.Explore(test, Options(seed: 5) with { Shrink = false });

        ExplorationResult replayed = Explorer.Explore(test, Options(seed: 5) with { Replay = found.CoyoteTrace, Shrink = false });

        replayed.SchedulesExplored.ShouldBe(1);
        replayed.StopReason.ShouldBe("replayed Coyote's trace");
        replayed.Failure!.Message.ShouldBe(found.Failure!.Message);
        replayed.ReplayToken.ShouldBe(found.ReplayToken);
    }

    [Fact]
    public void Explore_CoyoteStrategy_SameAsCoyoteExplorerWithDefaultOptions()
    {
        Func<Task> test = ExplorationPrograms.CriticalSection(before: 3);

        ExplorationResult byExplorer = Explorer.Explore(test, Options(seed: 4));
        ExplorationResult byCoyoteExplorer = CoyoteExplorer.Explore(test, Options(seed: 4));

        byExplorer.Failed.ShouldBeTrue();
        byExplorer.FailingIteration.ShouldBe(byCoyoteExplorer.FailingIteration);
        byExplorer.ReplayToken.ShouldBe(byCoyoteExplorer.ReplayToken);
        byExplorer.Shrinking!.OriginalReplayToken.ShouldBe(byCoyoteExplorer.Shrinking!.OriginalReplayToken);
    }

    [Fact]
    public void Explore_CoyoteStrategyWithoutSeed_DerivesTheSeedFromTheName()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(fixedTwin: true), new ExplorationOptions { Strategy = StrategyKind.Coyote, Iterations = 5, Name = "coyote-seed" });

        result.Failed.ShouldBeFalse(result.ToString());
        result.Seed.ShouldBe(StableHash.Seed("coyote-seed"));
        result.ToString().ShouldContain("seed " + result.Seed + ", derived from the name 'coyote-seed'");
    }
}
