using Asynkit.Examples.Coyote;
using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Coyote;

/// <summary>The loop-mode example of docs/coyote.md (examples/Asynkit.Examples/Coyote/CoyoteLoopModeExample.cs): its race, run
/// as a test so that it cannot rot.</summary>
public sealed class CoyoteDocExamplesTests
{
    private static Func<Task> Withdrawals() => CoyoteLoopModeExample.Withdrawals();

    [Fact]
    public void CoyoteDoc_LoopMode_FindsTheOverdraftAndBothReplaysReproduceIt()
    {
        ExplorationResult found = CoyoteExplorer.Explore(
            Withdrawals(),
            new ExplorationOptions { Strategy = StrategyKind.Coyote, Iterations = 200, Seed = 1 },
            new CoyoteOptions { Strategy = CoyoteStrategy.Portfolio });

        found.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("overdrawn: the balance is -60");
        ExplorationResult byCoyote = CoyoteExplorer.Explore(Withdrawals(), new ExplorationOptions { Replay = found.CoyoteTracePath });
        ExplorationResult byToken = Explorer.Replay(Withdrawals(), found.ReplayToken!);
        byCoyote.Failure!.Message.ShouldBe("overdrawn: the balance is -60");
        byToken.Failure!.Message.ShouldBe("overdrawn: the balance is -60");
    }

    [Fact]
    public void CoyoteDoc_FifoOrder_DoesNotShowTheOverdraft()
    {
        // Without exploration the race hides: in asyncio order the first withdrawal finishes before the second checks.
        Explorer.Explore(Withdrawals(), new ExplorationOptions { Strategy = StrategyKind.Fifo, Iterations = 1 }).Failed.ShouldBeFalse();
    }
}
