using Asynkit.Testing.Xunit;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>Tests that are meant to fail: they show what a failure prints (run them with
/// <c>dotnet test --filter Category=FailureExpected</c>), and <see cref="FailureExpectedMetaTests"/> runs them on purpose.</summary>
[Trait("Category", "FailureExpected")]
public sealed class FailureExpectedSamples
{
    [AsynkitFact(Iterations = 1000)]
    public async Task DocExample_TwoCustomers_Oversells()
    {
        var inventory = new Inventory();
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask<bool> first = loop.CreateTask(() => inventory.TryReserveAsync(8), "first");
        LoopTask<bool> second = loop.CreateTask(async () =>
        {
            await Task.Yield();            // the second customer signs in first
            await Task.Yield();
            return await inventory.TryReserveAsync(8);
        }, "second");
        await first;
        await second;
        inventory.Stock.ShouldBeGreaterThanOrEqualTo(0);
    }

    // The README's example, word for word (README.md, "A race, found and replayed").
    [AsynkitFact(Iterations = 1000)]
    public async Task RecordAsync_TwoRequests_CountsBoth()
    {
        var counter = new HitCounter();                     // RecordAsync: read _hits; await the store; write _hits + 1
        LoopTask a = AsynkitLoop.RequireCurrent().CreateTask(counter.RecordAsync, "request-1");
        await Task.Yield();                                 // the second request arrives a moment later
        LoopTask b = AsynkitLoop.RequireCurrent().CreateTask(counter.RecordAsync, "request-2");
        await Task.WhenAll(a.Task, b.Task);
        Assert.Equal(2, counter.Hits);
    }

    [AsynkitFact(Iterations = 500)]
    public Task LostUpdate_Explored_FailsWithReplayLine() => RacePrograms.LostUpdateAsync(2);

    // Passes in every schedule, but FIFO order never lets the second arrival in first.
    [AsynkitFact(RequireCoverage = true, CoverageLabels = ["second first", "never marked"])]
    public Task OrderedArrival_Fifo_MissesItsCoverage() => RacePrograms.OrderedArrivalAsync();

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

    [AsynkitFact(Iterations = 100_000_000, Timeout = 400)]
    public Task Timeout_ExplorationTooLong_FailsAsTimeout() => RacePrograms.LockedCounterAsync(3);
}

/// <summary>The README's counter: a read, an await, a write.</summary>
internal sealed class HitCounter
{
    public int Hits { get; private set; }

    public async Task RecordAsync()
    {
        int seen = Hits;
        await Task.Yield(); // the round trip to the store
        Hits = seen + 1;
    }
}

/// <summary>A test whose step never returns; <see cref="FailureExpectedMetaTests"/> releases it after the timeout, and sees
/// that its abandoned loop thread sends no message for the finished test.</summary>
[Trait("Category", "FailureExpected")]
public sealed class HangingSample : IDisposable
{
    /// <summary>Released by the meta-test, so that the abandoned loop thread ends.</summary>
    internal static readonly SemaphoreSlim s_hangGate = new(0);

    /// <summary>Set when the abandoned run disposes its instance.</summary>
    internal static readonly ManualResetEventSlim s_disposed = new();

    [AsynkitFact(Timeout = 300)]
    public Task Timeout_StepNeverReturns_ThreadAbandoned()
    {
        // A synchronous step that does not return, blocked where the loop cannot see it (no SynchronizationContext, so the wait
        // does not reach the loop's wait hook); bounded, so that the abandoned thread ends by itself eventually.
        SynchronizationContext? context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        s_hangGate.Wait(TimeSpan.FromSeconds(60));
        SynchronizationContext.SetSynchronizationContext(context);
        return Task.CompletedTask;
    }

    public void Dispose() => s_disposed.Set();
}
