using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Coffee machine (after Coyote's CoffeeMachine sample): an order turns the heater on and waits for 90 degrees; a
/// descaling cycle queued at start-up turns the heater off while it flushes, then restores it.</summary>
/// <remarks>The bug: the descaling cycle restores the heater to the state it saw before flushing. When it looked before the
/// order turned the heater on, it turns it off for good: the order waits until the customer walks away after ten minutes.
/// A customer walking away is something the machine must allow (it can run out of water), so every schedule passes its
/// end-of-test checks; only the liveness property "every order is served within five minutes" sees that an order was owed
/// and never delivered. The fix restores the heater from the demand (orders waiting for hot water), not from what it saw.</remarks>
public static class CoffeeMachine
{
    /// <summary>The liveness property's bound: the machine serves a coffee in about a minute and a half.</summary>
    public static readonly TimeSpan ServeWithin = TimeSpan.FromMinutes(5);

    public static BugProgram Program { get; } = new(
        "coffee-machine",
        "descaling restores the heater's old state over an order's request: the order is never served",
        () => RunAsync(fixedMachine: false, watched: true),
        () => RunAsync(fixedMachine: true, watched: true),
        "liveness: every order is served within 5 minutes of virtual time")
    {
        WithoutOracle = () => RunAsync(fixedMachine: false, watched: false),
        Oracle = "liveness",
    };

    private static async Task RunAsync(bool fixedMachine, bool watched)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LivenessProperty? served = watched ? loop.AddLiveness("every order is served within 5 minutes", ServeWithin) : null;
        var machine = new Machine(loop.Clock, fixedMachine);
        using var stop = new CancellationTokenSource();
        LoopTask heater = loop.CreateTask(() => machine.HeaterAsync(stop.Token), "heater");
        LoopTask<string> customer = loop.CreateTask(() => machine.OrderAsync(served), "customer");
        LoopTask descale = loop.CreateTask(machine.DescaleAsync, "descale");
        string outcome = await customer;
        await descale;
        await stop.CancelAsync();
        await heater;
        InvariantViolationException.Check(outcome is "coffee" or "walked away", $"coffee-machine: the customer got '{outcome}'");
    }

    private sealed class Machine(TimeProvider clock, bool fixedMachine)
    {
        private int _temperature = 20;
        private bool _heaterOn;
        private int _ordersWaitingForHeat;

        public async Task HeaterAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                _temperature = _heaterOn ? Math.Min(100, _temperature + 20) : Math.Max(20, _temperature - 5);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), clock, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public async Task<string> OrderAsync(LivenessProperty? served)
        {
            served?.Hot();
            _ordersWaitingForHeat++;
            _heaterOn = true;
            TimeSpan waited = TimeSpan.Zero;
            while (_temperature < 90)
            {
                if (waited >= TimeSpan.FromMinutes(10))
                {
                    _ordersWaitingForHeat--;
                    served?.Cold(); // the order is withdrawn: nothing is owed any more
                    return "walked away";
                }

                await Task.Delay(TimeSpan.FromSeconds(15), clock);
                waited += TimeSpan.FromSeconds(15);
            }

            _ordersWaitingForHeat--;
            await Task.Delay(TimeSpan.FromSeconds(30), clock); // brew
            served?.Cold();
            return "coffee";
        }

        public async Task DescaleAsync()
        {
            await Task.Yield(); // the cycle was queued at start-up
            bool wasOn = _heaterOn;
            _heaterOn = false; // no heating while the pipes are flushed
            await Task.Delay(TimeSpan.FromSeconds(20), clock);
            _heaterOn = fixedMachine ? _ordersWaitingForHeat > 0 : wasOn;
        }
    }
}
