using Asynkit.Testing.Xunit;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>The examples of docs/xunit.md, as tests (the failing one is <see cref="FailureExpectedSamples.DocExample_TwoCustomers_Oversells"/>).</summary>
public sealed class XunitDocExamplesTests
{
    [AsynkitFact]
    public async Task Scripted_TwoTasks_RunInAsyncioOrder()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var log = new List<string>();
        LoopTask a = loop.CreateTask(async () => { log.Add("a1"); await Task.Yield(); log.Add("a2"); }, "a");
        LoopTask b = loop.CreateTask(async () => { log.Add("b1"); await Task.Yield(); log.Add("b2"); }, "b");
        await a;
        await b;
        log.ShouldBe(["a1", "b1", "a2", "b2"]);
    }

    [AsynkitFact(Iterations = 1000)]
    public async Task TryReserve_TwoCustomersWithLock_NeverOversells()
    {
        using var inventory = new LockedInventory();
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask<bool> first = loop.CreateTask(() => inventory.TryReserveAsync(8), "first");
        LoopTask<bool> second = loop.CreateTask(async () =>
        {
            await Task.Yield();            // the second customer signs in first
            await Task.Yield();
            return await inventory.TryReserveAsync(8);
        }, "second");
        bool[] reserved = [await first, await second];
        inventory.Stock.ShouldBeGreaterThanOrEqualTo(0);
        reserved.Count(r => r).ShouldBe(1);
    }

    [AsynkitTheory(Iterations = 200)]
    [InlineData(8, 1)]
    [InlineData(5, 2)]
    [InlineData(3, 2)]
    public async Task TryReserve_TwoCustomers_ReservationsFitTheStock(int count, int expectedReservations)
    {
        using var inventory = new LockedInventory();
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask<bool> first = loop.CreateTask(() => inventory.TryReserveAsync(count));
        LoopTask<bool> second = loop.CreateTask(() => inventory.TryReserveAsync(count));
        bool[] reserved = [await first, await second];
        reserved.Count(r => r).ShouldBe(expectedReservations);
    }
}
