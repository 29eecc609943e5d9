using static Asynkit.Testing.Tests.PriorityTestPrograms;

namespace Asynkit.Testing.Tests;

/// <summary>PriorityLock: grant order, inheritance and cancellation (asynkit's TestPriorityLock, test_priority_inheritance).</summary>
public sealed class PriorityLockTests
{
    private static async Task HoldBriefly(PriorityLock gate)
    {
        using (await gate.AcquireAsync())
        {
            await Scheduling.Sleep(TimeSpan.FromSeconds(0.1));
        }
    }

    [Fact]
    public void EffectivePriority_Waiters_IsTheBestWaiter()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            var tasks = new List<LoopTask>();
            using (await gate.AcquireAsync())
            {
                gate.EffectivePriority.ShouldBeNull();
                foreach ((int priority, int expected) in new[] { (0, 0), (-1, -1), (-2, -2), (2, -2) })
                {
                    tasks.Add(Loop.CreateTask(() => HoldBriefly(gate), priority));
                    await Task.Yield();
                    gate.EffectivePriority.ShouldBe(expected);
                }

                gate.WaiterCount.ShouldBe(4);
            }

            await WhenAll(tasks);
            gate.EffectivePriority.ShouldBeNull();
            gate.IsLocked.ShouldBeFalse();
        });
    }

    [Fact]
    public void EffectivePriority_HolderOfAWaitedLock_InheritsAndDropsBackOnRelease()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            LoopTask holder = Loop.CreateTask(
                async () =>
                {
                    LoopTask me = Current;
                    me.EffectivePriority.ShouldBe(1);
                    var tasks = new List<LoopTask>();
                    using (await gate.AcquireAsync())
                    {
                        gate.Owner.ShouldBe(me);
                        foreach ((int priority, int expected) in new[] { (0, 0), (-1, -1), (-2, -2), (2, -2) })
                        {
                            tasks.Add(Loop.CreateTask(() => HoldBriefly(gate), priority));
                            await Task.Yield();
                            me.EffectivePriority.ShouldBe(expected);
                            me.Priority.ShouldBe(1);
                        }
                    }

                    me.EffectivePriority.ShouldBe(1);
                    await WhenAll(tasks);
                    me.EffectivePriority.ShouldBe(1);
                },
                1);
            await holder;
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AcquireAsync_TwentyPriorityTasks_GetTheLockInPriorityOrder(bool priorityScheduling)
    {
        var results = new List<int>();
        AsynkitLoop.Run(
            async () =>
            {
                var gate = new PriorityLock();
                var tasks = new List<LoopTask>();
                using (await gate.AcquireAsync())
                {
                    foreach (int i in Shuffled(20))
                    {
                        tasks.Add(Loop.CreateTask(
                            async () =>
                            {
                                using (await gate.AcquireAsync())
                                {
                                    results.Add(i);
                                }
                            },
                            i));
                    }

                    await Scheduling.Sleep(TimeSpan.FromMilliseconds(1));
                    results.ShouldBeEmpty();
                    gate.WaiterCount.ShouldBe(20);
                }

                await WhenAll(tasks);
            },
            new LoopOptions { PriorityScheduling = priorityScheduling });

        results.ShouldBe(Enumerable.Range(0, 20));
    }

    [Fact]
    public void AcquireAsync_EqualPriorities_GetTheLockInArrivalOrder()
    {
        var results = new List<int>();
        int[] order = Shuffled(20);
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            var tasks = new List<LoopTask>();
            using (await gate.AcquireAsync())
            {
                foreach (int i in order)
                {
                    tasks.Add(Loop.CreateTask(async () =>
                    {
                        using (await gate.AcquireAsync())
                        {
                            results.Add(i);
                        }
                    }));
                }

                await Task.Yield();
            }

            await WhenAll(tasks);
        });

        results.ShouldBe(order);
    }

    [Fact]
    public void AcquireAsync_CancelledWaiters_LeaveTheQueueAndTheRestKeepPriorityOrder()
    {
        var results = new List<int>();
        var expect = Enumerable.Range(0, 20).ToList();
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            var tasks = new List<(LoopTask Task, int Value)>();
            using (await gate.AcquireAsync())
            {
                foreach (int i in Shuffled(20))
                {
                    tasks.Add((Loop.CreateTask(
                        async () =>
                        {
                            try
                            {
                                using (await gate.AcquireAsync())
                                {
                                    results.Add(i);
                                }
                            }
                            catch (OperationCanceledException)
                            {
                            }
                        },
                        i), i));
                }

                await Scheduling.Sleep(TimeSpan.FromMilliseconds(1));
                results.ShouldBeEmpty();
                tasks[8].Task.Cancel();
                await Scheduling.Sleep(TimeSpan.FromMilliseconds(1));
                gate.WaiterCount.ShouldBe(19);
                tasks[12].Task.Cancel();
                expect.Remove(tasks[8].Value);
                expect.Remove(tasks[12].Value);
            }

            await WhenAll(tasks.Select(t => t.Task));
        });

        results.ShouldBe(expect);
    }

    [Fact]
    public void AcquireAsync_TokenCancelled_RemovesTheWaiterAndItsInheritance()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            using var cancel = new CancellationTokenSource();
            using (await gate.AcquireAsync())
            {
                LoopTask waiter = Loop.CreateTask(() => gate.AcquireAsync(cancel.Token), TaskPriority.High);
                await Task.Yield();
                gate.WaiterCount.ShouldBe(1);
                Current.EffectivePriority.ShouldBe(TaskPriority.High);

                cancel.Cancel();
                await Task.Yield();
                waiter.Task.IsCanceled.ShouldBeTrue();
                gate.WaiterCount.ShouldBe(0);
                Current.EffectivePriority.ShouldBe(TaskPriority.Normal);
            }
        });
    }

    [Fact]
    public void Priority_OfAWaiterChanged_PropagatesToTheHolder()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            using (await gate.AcquireAsync())
            {
                LoopTask waiter = Loop.CreateTask(() => HoldBriefly(gate));
                await Task.Yield();
                Current.EffectivePriority.ShouldBe(TaskPriority.Normal);
                waiter.Priority = TaskPriority.High;
                Current.EffectivePriority.ShouldBe(TaskPriority.High);
                gate.EffectivePriority.ShouldBe(TaskPriority.High);
                waiter.Priority = TaskPriority.Low;
                Current.EffectivePriority.ShouldBe(TaskPriority.Normal);
            }
        });
    }

    [Fact]
    public void EffectivePriority_ChainOfLocks_IsTransitiveAndUndoneWhenTheTopWaiterLeaves()
    {
        AsynkitLoop.Run(async () =>
        {
            var lock1 = new PriorityLock();
            var lock2 = new PriorityLock();
            using var cancel = new CancellationTokenSource();
            await lock1.AcquireAsync();
            LoopTask middle = Loop.CreateTask(
                async () =>
                {
                    using (await lock2.AcquireAsync())
                    using (await lock1.AcquireAsync())
                    {
                    }
                },
                TaskPriority.Low);
            await Task.Yield();
            LoopTask top = Loop.CreateTask(() => lock2.AcquireAsync(cancel.Token), TaskPriority.High);
            await Task.Yield();

            middle.EffectivePriority.ShouldBe(TaskPriority.High);
            Current.EffectivePriority.ShouldBe(TaskPriority.High);

            cancel.Cancel();
            await Task.Yield();
            top.Task.IsCanceled.ShouldBeTrue();
            middle.EffectivePriority.ShouldBe(TaskPriority.Low);
            Current.EffectivePriority.ShouldBe(TaskPriority.Normal);
            lock1.Release();
            await middle;
        });
    }

    [Fact]
    public void AcquireAsync_FreeLock_CompletesWithoutSuspending()
    {
        AsynkitLoop.Run(() =>
        {
            var gate = new PriorityLock();
            Task<IDisposable> acquire = gate.AcquireAsync();
            acquire.IsCompletedSuccessfully.ShouldBeTrue();
            gate.Owner.ShouldBe(Current);
            IDisposable releaser = acquire.Result;
            releaser.Dispose();
            releaser.Dispose(); // a second Dispose does nothing
            gate.IsLocked.ShouldBeFalse();
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AcquireAsync_CancelledAfterTheWaiterWasWoken_StillGetsTheLock()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            bool got = false;
            IDisposable held = await gate.AcquireAsync();
            LoopTask waiter = Loop.CreateTask(async () =>
            {
                using (await gate.AcquireAsync())
                {
                    got = true;
                }
            });
            await Task.Yield();
            held.Dispose();     // wakes the waiter: it is granted the lock
            waiter.Cancel();    // too late: the wake wins
            await waiter;
            got.ShouldBeTrue();
            gate.IsLocked.ShouldBeFalse();
        });
    }

    [Fact]
    public void AcquireAsync_FreeLockAndCancelledTask_TakesTheLock()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            LoopTask task = Loop.CreateTask(async () =>
            {
                Current.Cancel();
                using (await gate.AcquireAsync())
                {
                    gate.Owner.ShouldBe(Current);
                }
            });
            await task;
            task.Task.IsCompletedSuccessfully.ShouldBeTrue();
        });
    }
}
