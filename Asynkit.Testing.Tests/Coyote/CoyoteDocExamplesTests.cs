using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Coyote;

/// <summary>The loop-mode example of docs/coyote.md (examples/Asynkit.Examples/Coyote/CoyoteLoopModeExample.cs), run as a
/// test so that it cannot rot.</summary>
public sealed class CoyoteDocExamplesTests
{
    private static Func<Task> Withdrawals() => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        int balance = 100;
        async Task WithdrawAsync(int amount)
        {
            if (balance >= amount)
            {
                await Task.Yield(); // check ... await ... act: another withdrawal can run in between
                balance -= amount;
            }
        }

        LoopTask first = loop.CreateTask(() => WithdrawAsync(80), "first");
        LoopTask second = loop.CreateTask(async () =>
        {
            await Task.Yield(); // arrives a moment later: in asyncio (FIFO) order the first withdrawal is done by then
            await WithdrawAsync(80);
        }, "second");
        await Task.WhenAll(first.Task, second.Task);
        if (balance < 0)
        {
            throw new InvalidOperationException($"overdrawn: the balance is {balance}");
        }
    };

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
