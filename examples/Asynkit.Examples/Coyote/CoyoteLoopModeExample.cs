using Asynkit.Testing;
using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Coyote;

/// <summary>docs/coyote.md, loop mode: Coyote chooses the interleavings of a check-then-act race on the AsynkitLoop (no
/// rewriting), and both Coyote's trace and our replay token replay the failure.</summary>
internal static class CoyoteLoopModeExample
{
    public static Task RunAsync(TextWriter output)
    {
        ExplorationResult found = CoyoteExplorer.Explore(
            Withdrawals(),
            new ExplorationOptions { Strategy = StrategyKind.Coyote, Iterations = 200, Seed = 1 },
            new CoyoteOptions { Strategy = CoyoteStrategy.Portfolio });
        output.WriteLine($"found in iteration {found.FailingIteration}: {found.Failure?.Message}");
        output.WriteLine($"replay token: {found.ReplayToken}");
        output.WriteLine($"Coyote trace: {found.CoyoteTracePath}");

        // Coyote's trace replays it under Coyote; the token replays it on the loop alone.
        ExplorationResult byCoyote = CoyoteExplorer.Explore(Withdrawals(), new ExplorationOptions { Replay = found.CoyoteTracePath });
        ExplorationResult byToken = Explorer.Replay(Withdrawals(), found.ReplayToken!);
        output.WriteLine($"Coyote's trace replays it: {byCoyote.Failure?.Message}");
        output.WriteLine($"our token replays it: {byToken.Failure?.Message}");
        return Task.CompletedTask;
    }

    /// <summary>Two withdrawals of 80 from 100: each checks the balance, awaits, then withdraws.</summary>
    public static Func<Task> Withdrawals() => async () =>
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
}
