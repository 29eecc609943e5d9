using Asynkit.Testing.Exploration;
using Asynkit.Testing.Xunit;

namespace Asynkit.Examples.Coyote;

/// <summary>The same programs through the xunit attribute in rewritten mode.</summary>
public sealed class TaskRunRaceAttributeTests
{
    /// <summary>The sample: fails on purpose, printing Coyote's trace path and the line that replays it.</summary>
    [AsynkitFact(Strategy = StrategyKind.Coyote, CoyoteRewritten = true, Iterations = 100)]
    [Trait("Category", "FailureExpected")]
    public Task LostUpdate_CoyoteRewritten_FailsWithAReplayLine() => TaskRunRace.LostUpdateAsync();

    [AsynkitFact(Strategy = StrategyKind.Coyote, CoyoteRewritten = true, Iterations = 100)]
    public Task Fixed_CoyoteRewritten_PassesEveryIteration() => TaskRunRace.FixedAsync();

    [AsynkitFact(Strategy = StrategyKind.Coyote, CoyoteRewritten = true, Iterations = 50)]
    public async Task InlineRace_LockedWithSemaphore_PassesEveryIteration()
    {
        int total = 0;
        using var gate = new SemaphoreSlim(1, 1);
        async Task AddAsync(int amount)
        {
            await gate.WaitAsync();
            try
            {
                int read = total;
                await Task.Delay(1); // under Coyote a controlled random pause, not a real millisecond
                total = read + amount;
            }
            finally
            {
                gate.Release();
            }
        }

        await Task.WhenAll(new[] { Task.Run(() => AddAsync(1)), Task.Run(() => AddAsync(2)), Task.Run(() => AddAsync(3)) });
        total.ShouldBe(6);
    }
}
