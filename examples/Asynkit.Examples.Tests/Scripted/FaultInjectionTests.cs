using Asynkit.Testing;
using Asynkit.Testing.Xunit;

namespace Asynkit.Examples.Tests.Scripted;

/// <summary>Fault injection with an OobMonitor: pause an order's database write mid-flight, look at the state while it is
/// paused, let another customer order, then fail the write with an IOException raised inside the service.</summary>
public sealed class FaultInjectionTests
{
    [AsynkitFact]
    public async Task PlaceOrder_WriteFailsAfterReserving_ReservationReleased()
    {
        (int stockWhilePaused, bool otherCustomerServed, int stockAfterFailure) = await FailTheWriteAsync(releaseOnFailure: true);

        stockWhilePaused.ShouldBe(7);          // 3 kettles reserved while the order is on the wire
        otherCustomerServed.ShouldBeFalse();   // so a second order of 8 is refused meanwhile
        stockAfterFailure.ShouldBe(10);        // the failed order gave its reservation back
    }

    [AsynkitFact]
    public async Task PlaceOrder_BuggyService_WriteFails_ReservationLeaks()
    {
        // The planted bug: the service forgets to release the reservation when the write fails.
        (_, _, int stockAfterFailure) = await FailTheWriteAsync(releaseOnFailure: false);

        stockAfterFailure.ShouldBe(7);
    }

    [AsynkitFact]
    public async Task PlaceOrder_NoHook_WritesAndKeepsTheReservation()
    {
        var warehouse = new Warehouse(10);
        var orders = new OrderService(warehouse, writeHook: null, releaseOnFailure: true);

        (await orders.PlaceOrderAsync("kettle", 3)).ShouldBeTrue();

        warehouse.Stock.ShouldBe(7);
        orders.Written.ShouldBe(["kettle x3"]);
    }

    private static async Task<(int StockWhilePaused, bool OtherCustomerServed, int StockAfterFailure)> FailTheWriteAsync(bool releaseOnFailure)
    {
        var warehouse = new Warehouse(10);
        var hook = new OobMonitor();
        var orders = new OrderService(warehouse, hook, releaseOnFailure);

        // Drive the order through the monitor: it runs inside this task until its write reaches the hook.
        BoundMonitor<bool> order = hook.Bind(() => orders.PlaceOrderAsync("kettle", 3));
        object? onTheWire = await order.StartAsync();
        onTheWire.ShouldBe("kettle x3");
        int stockWhilePaused = warehouse.Stock;

        // While the write is paused, another customer orders (a service without the hook).
        var otherCounter = new OrderService(warehouse, writeHook: null, releaseOnFailure);
        bool served = await AsynkitLoop.Current!.CreateTask(() => otherCounter.PlaceOrderAsync("kettle", 8), "customer-2");

        // The write fails: the IOException is raised inside PlaceOrderAsync, at the hook, and comes back out.
        IOException? failure = null;
        try
        {
            await order.ThrowAsync(new IOException("connection reset"));
        }
        catch (IOException e)
        {
            failure = e;
        }

        failure.ShouldNotBeNull().Message.ShouldBe("connection reset");
        orders.Written.ShouldBeEmpty();
        return (stockWhilePaused, served, warehouse.Stock);
    }

    private sealed class Warehouse(int stock)
    {
        public int Stock { get; set; } = stock;
    }

    /// <summary>Reserves stock, then writes the order; a failed write must release the reservation.</summary>
    private sealed class OrderService(Warehouse warehouse, OobMonitor? writeHook, bool releaseOnFailure)
    {
        private readonly List<string> _written = [];

        public IReadOnlyList<string> Written => _written;

        public async Task<bool> PlaceOrderAsync(string sku, int quantity)
        {
            if (warehouse.Stock < quantity)
            {
                return false;
            }

            warehouse.Stock -= quantity; // reserve
            try
            {
                await Task.Yield(); // the insert is on the wire
                if (writeHook is not null)
                {
                    await writeHook.OobAsync($"{sku} x{quantity}"); // a test can pause or fail the write here
                }

                _written.Add($"{sku} x{quantity}");
                return true;
            }
            catch (IOException) when (releaseOnFailure)
            {
                warehouse.Stock += quantity;
                throw;
            }
        }
    }
}
