using Asynkit.Testing.Xunit;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>Tests that are meant to fail: they show what a failure prints (run them with
/// <c>dotnet test --filter Category=FailureExpected</c>), and <see cref="FailureExpectedMetaTests"/> runs them on purpose.</summary>
[Trait("Category", "FailureExpected")]
public sealed class FailureExpectedSamples
{
    /// <summary>Released by the meta-test, so that the abandoned loop thread of <see cref="Timeout_StepNeverReturns_ThreadAbandoned"/> ends.</summary>
    internal static readonly SemaphoreSlim s_hangGate = new(0);

    [AsynkitFact(Iterations = 500)]
    public Task LostUpdate_Explored_FailsWithReplayLine() => RacePrograms.LostUpdateAsync(2);

    [AsynkitTheory(Iterations = 300)]
    [InlineData(1)]
    [InlineData(3)]
    public Task LostUpdate_TheoryRows_OnlyTheRacyRowFails(int workers) => RacePrograms.LostUpdateAsync(workers);

    [AsynkitFact]
    public async Task Fifo_ScriptedAssertion_FailsDeterministically()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var log = new List<string>();
        LoopTask a = loop.CreateTask(async () => { log.Add("a1"); await Task.Yield(); log.Add("a2"); }, "a");
        LoopTask b = loop.CreateTask(async () => { log.Add("b1"); await Task.Yield(); log.Add("b2"); }, "b");
        await a;
        await b;
        log.ShouldBe(["a1", "a2", "b1", "b2"]);
    }

    [AsynkitFact(Timeout = 300)]
    public async Task Timeout_AsyncRunaway_StoppedByWallClockBudget()
    {
        while (true)
        {
            await Task.Yield();
        }
    }

    [AsynkitFact(Timeout = 300)]
    public Task Timeout_StepNeverReturns_ThreadAbandoned()
    {
        // A synchronous step that does not return (bounded, so that the abandoned thread ends by itself eventually).
        s_hangGate.Wait(TimeSpan.FromSeconds(60));
        return Task.CompletedTask;
    }

    [AsynkitFact(Iterations = 100_000_000, Timeout = 400)]
    public Task Timeout_ExplorationTooLong_FailsAsTimeout() => RacePrograms.LockedCounterAsync(3);
}
