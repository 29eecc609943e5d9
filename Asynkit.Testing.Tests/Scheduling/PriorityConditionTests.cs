using static Asynkit.Testing.Tests.PriorityTestPrograms;

namespace Asynkit.Testing.Tests;

/// <summary>PriorityCondition: waiters are notified in priority order (asynkit's TestPriorityCondition).</summary>
public sealed class PriorityConditionTests
{
    private static LoopTask StartWaiter(PriorityCondition condition, Func<bool> wake, List<int> results, int value, int priority) =>
        _ = Loop.CreateTask(
            async () =>
            {
                try
                {
                    using (await condition.AcquireAsync())
                    {
                        await condition.WaitForAsync(wake);
                        results.Add(value);
                        condition.Notify(1);
                    }
                }
                catch (OperationCanceledException)
                {
                }
            },
            priority);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Notify_TwentyPriorityTasks_WakeInPriorityOrder(bool priorityScheduling)
    {
        var results = new List<int>();
        AsynkitLoop.Run(
            async () =>
            {
                var condition = new PriorityCondition();
                bool wake = false;
                List<LoopTask> tasks = Shuffled(20).Select(i => StartWaiter(condition, () => wake, results, i, i)).ToList();
                await Scheduling.Sleep(TimeSpan.FromMilliseconds(1));
                results.ShouldBeEmpty();
                condition.WaiterCount.ShouldBe(20);
                using (await condition.AcquireAsync())
                {
                    wake = true;
                    condition.Notify(1);
                }

                await WhenAll(tasks);
            },
            new LoopOptions { PriorityScheduling = priorityScheduling });

        results.ShouldBe(Enumerable.Range(0, 20));
    }

    [Fact]
    public void Notify_EqualPriorities_WakeInArrivalOrder()
    {
        var results = new List<int>();
        int[] order = Shuffled(20, seed: 99);
        AsynkitLoop.Run(async () =>
        {
            var condition = new PriorityCondition();
            bool wake = false;
            List<LoopTask> tasks = order.Select(i => StartWaiter(condition, () => wake, results, i, TaskPriority.Normal)).ToList();
            await Task.Yield();
            using (await condition.AcquireAsync())
            {
                wake = true;
                condition.Notify();
            }

            await WhenAll(tasks);
        });

        results.ShouldBe(order);
    }

    [Fact]
    public void Notify_CancelledWaiter_IsSkipped()
    {
        var results = new List<int>();
        var expect = Enumerable.Range(0, 20).ToList();
        AsynkitLoop.Run(async () =>
        {
            var condition = new PriorityCondition();
            bool wake = false;
            int[] values = Shuffled(20);
            List<LoopTask> tasks = values.Select(i => StartWaiter(condition, () => wake, results, i, i)).ToList();
            await Scheduling.Sleep(TimeSpan.FromMilliseconds(1));
            using (await condition.AcquireAsync())
            {
                tasks[10].Cancel();
                expect.Remove(values[10]);
                wake = true;
                condition.Notify();
            }

            await WhenAll(tasks);
        });

        results.ShouldBe(expect);
    }

    [Fact]
    public void NotifyAll_WakesEveryWaiterInPriorityOrder()
    {
        var results = new List<int>();
        AsynkitLoop.Run(async () =>
        {
            var condition = new PriorityCondition();
            var tasks = new List<LoopTask>();
            foreach (int i in Shuffled(10))
            {
                tasks.Add(Loop.CreateTask(
                    async () =>
                    {
                        using (await condition.AcquireAsync())
                        {
                            await condition.WaitAsync();
                            results.Add(i);
                        }
                    },
                    i));
            }

            await Task.Yield();
            using (await condition.AcquireAsync())
            {
                condition.NotifyAll();
                condition.WaiterCount.ShouldBe(10); // woken, not yet run
            }

            await WhenAll(tasks);
            condition.WaiterCount.ShouldBe(0);
        });

        results.ShouldBe(Enumerable.Range(0, 10));
    }

    [Fact]
    public void WaitAsync_Cancelled_RetakesTheLockBeforeThrowing()
    {
        AsynkitLoop.Run(async () =>
        {
            var condition = new PriorityCondition();
            using var cancel = new CancellationTokenSource();
            bool? heldAfterCancel = null;
            LoopTask waiter = Loop.CreateTask(async () =>
            {
                using (await condition.AcquireAsync())
                {
                    try
                    {
                        await condition.WaitAsync(cancel.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        heldAfterCancel = condition.Lock.Owner == Current;
                    }
                }
            });
            await Task.Yield();
            condition.WaiterCount.ShouldBe(1);
            condition.IsLocked.ShouldBeFalse();

            // Hold the lock while cancelling: the waiter must wait for it before its exception comes out.
            using (await condition.AcquireAsync())
            {
                cancel.Cancel();
                await Task.Yield();
                condition.WaiterCount.ShouldBe(0);
                heldAfterCancel.ShouldBeNull();
            }

            await waiter;
            heldAfterCancel.ShouldBe(true);
        });
    }

    [Fact]
    public void Condition_OverAGivenLock_SharesIt()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            var condition = new PriorityCondition(gate);
            condition.Lock.ShouldBeSameAs(gate);
            using (await gate.AcquireAsync())
            {
                condition.IsLocked.ShouldBeTrue();
                condition.Notify(); // nobody waits: nothing happens
            }
        });
    }

    [Fact]
    public void Notify_WaiterPriorityChangedWhileWaiting_UsesTheNewPriority()
    {
        var results = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            var condition = new PriorityCondition();
            LoopTask Waiter(string name, int priority) => Loop.CreateTask(
                async () =>
                {
                    using (await condition.AcquireAsync())
                    {
                        await condition.WaitAsync();
                        results.Add(name);
                    }
                },
                priority);

            LoopTask a = Waiter("a", TaskPriority.Normal);
            LoopTask b = Waiter("b", TaskPriority.Low);
            await Task.Yield();
            b.Priority = TaskPriority.High;
            using (await condition.AcquireAsync())
            {
                condition.Notify(1);
            }

            await b;
            results.ShouldBe(["b"]);
            using (await condition.AcquireAsync())
            {
                condition.Notify(1);
            }

            await a;
        });

        results.ShouldBe(["b", "a"]);
    }
}
