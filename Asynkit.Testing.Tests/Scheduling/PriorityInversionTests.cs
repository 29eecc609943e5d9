using static Asynkit.Testing.Tests.PriorityTestPrograms;

namespace Asynkit.Testing.Tests;

/// <summary>asynkit's test_priority_inversion and test_priority_inversion2: a low task holding a PriorityLock runs at the
/// priority of the high task waiting for it, ahead of a medium task.</summary>
public sealed class PriorityInversionTests
{
    private readonly List<string> _finished = [];
    private readonly List<int> _priorities = [];
    // asyncio.Event: RunContinuationsAsynchronously posts the waiters in the order they waited (a plain TaskCompletionSource
    // runs its first awaiter's continuation last).
    private readonly TaskCompletionSource _event = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public void PriorityLock_LowHoldsLockMedWaitsForEvent_MedRunsFirst()
    {
        AsynkitLoop.Run(
            async () =>
            {
                var gate = new PriorityLock();
                LoopTask low = Loop.CreateTask(() => LowAsync(gate, "low"), 1, "low");
                LoopTask med = Loop.CreateTask(MedAsync, 0, "med");
                await AwaitTasks();
                _event.SetResult();
                await WhenAll([low, med]);
            },
            PriorityOptions);

        _finished.ShouldBe(["med", "low"]);
        _priorities.ShouldBe([0, 1]);
    }

    [Fact]
    public void PriorityLock_HighWaitsForTheLockLowHolds_LowInheritsAndRunsBeforeMed()
    {
        AsynkitLoop.Run(
            async () =>
            {
                var gate = new PriorityLock();
                LoopTask low = Loop.CreateTask(() => LowAsync(gate, "low"), 1, "low");
                LoopTask high = Loop.CreateTask(() => HighAsync(gate), -1, "high");
                LoopTask med = Loop.CreateTask(MedAsync, 0, "med");
                await AwaitTasks();
                _event.SetResult();
                await WhenAll([low, high, med]);
                low.EffectivePriority.ShouldBe(1);
            },
            PriorityOptions);

        _finished.ShouldBe(["low", "high", "med"]);
        _priorities.ShouldBe([-1, -1, 0]);
    }

    [Fact]
    public void PriorityLock_WithoutPriorityScheduling_RunsInFifoOrder()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            LoopTask low = Loop.CreateTask(() => LowAsync(gate, "low"), 1, "low");
            LoopTask high = Loop.CreateTask(() => HighAsync(gate), -1, "high");
            LoopTask med = Loop.CreateTask(MedAsync, 0, "med");
            await AwaitTasks();
            _event.SetResult();
            await WhenAll([low, high, med]);
        });

        // FIFO loop: the event wakes low, high, med in the order they waited (creation order), so low finishes before high
        // even asks for the lock, and inherits nothing.
        _finished.ShouldBe(["low", "high", "med"]);
        _priorities.ShouldBe([1, -1, 0]);
    }

    [Fact]
    public void PriorityLock_ChainOfTwoLocks_WithoutHigh_MedRunsFirst()
    {
        AsynkitLoop.Run(
            async () =>
            {
                var lock1 = new PriorityLock();
                var lock2 = new PriorityLock();
                LoopTask low1 = Loop.CreateTask(() => LowAsync(lock2, "low1"), 1, "low1");
                LoopTask low2 = Loop.CreateTask(() => Low2Async(lock1, lock2), 1, "low2");
                LoopTask med = Loop.CreateTask(MedAsync, 0, "med");
                await AwaitTasks();
                _event.SetResult();
                await WhenAll([low1, low2, med]);
            },
            PriorityOptions);

        _finished.ShouldBe(["med", "low1", "low2"]);
        _priorities.ShouldBe([0, 1, 1]);
    }

    [Fact]
    public void PriorityLock_ChainOfTwoLocks_HighPriorityPropagatesThroughBoth()
    {
        AsynkitLoop.Run(
            async () =>
            {
                var lock1 = new PriorityLock();
                var lock2 = new PriorityLock();
                LoopTask low1 = Loop.CreateTask(() => LowAsync(lock2, "low1"), 1, "low1");
                LoopTask low2 = Loop.CreateTask(() => Low2Async(lock1, lock2), 1, "low2");
                LoopTask med = Loop.CreateTask(MedAsync, 0, "med");
                LoopTask high = Loop.CreateTask(() => HighAsync(lock1), -1, "high");
                await AwaitTasks();
                _event.SetResult();
                await WhenAll([low1, low2, med, high]);
            },
            PriorityOptions);

        // high -> lock1 -> low2 -> lock2 -> low1: both low tasks run at -1.
        _finished.ShouldBe(["low1", "low2", "high", "med"]);
        _priorities.ShouldBe([-1, -1, -1, 0]);
    }

    private void Record(string name)
    {
        _finished.Add(name);
        _priorities.Add(Current.EffectivePriority);
    }

    private async Task LowAsync(PriorityLock gate, string name)
    {
        using (await gate.AcquireAsync())
        {
            await _event.Task;
            Record(name);
        }
    }

    private async Task Low2Async(PriorityLock lock1, PriorityLock lock2)
    {
        using (await lock1.AcquireAsync())
        {
            using (await lock2.AcquireAsync())
            {
                Record("low2");
            }
        }
    }

    private async Task HighAsync(PriorityLock gate)
    {
        await _event.Task;
        using (await gate.AcquireAsync())
        {
            Record("high");
        }
    }

    private async Task MedAsync()
    {
        await _event.Task;
        Record("med");
    }
}
