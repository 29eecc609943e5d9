namespace Asynkit.Testing.Tests;

/// <summary>Interrupting PriorityLock and PriorityCondition waits (asynkit's test_cancelled_lock_acquire and
/// test_cancelled_condition_wait_acquire with the priority primitives): the lock stays consistent.</summary>
public sealed class InterruptLockTests
{
    private sealed class InterruptException : Exception
    {
        public InterruptException()
            : base("interrupt")
        {
        }
    }

    private static async Task<int> TakeAndRelease(PriorityLock gate)
    {
        try
        {
            await gate.AcquireAsync();
        }
        catch (InterruptException)
        {
            return 0;
        }

        gate.Release();
        return 1;
    }

    [Fact]
    public void TaskInterrupt_LockWaiterAlreadyWoken_TheLockGoesToTheNextWaiter()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var gate = new PriorityLock();
            await gate.AcquireAsync();
            LoopTask<int> task1 = loop.CreateTask(() => TakeAndRelease(gate));
            LoopTask<int> task2 = loop.CreateTask(() => TakeAndRelease(gate));
            await Task.Yield();
            gate.WaiterCount.ShouldBe(2);

            gate.Release();
            Scheduling.TaskIsRunnable(task1).ShouldBeTrue();
            Scheduling.TaskIsBlocked(task2).ShouldBeTrue();
            await Scheduling.TaskInterrupt(task1, new InterruptException());

            (await task1).ShouldBe(0);
            (await task2).ShouldBe(1);
            gate.IsLocked.ShouldBeFalse();
            gate.WaiterCount.ShouldBe(0);
        });
    }

    [Fact]
    public void TaskInterrupt_BlockedLockWaiter_LeavesTheQueueAndTheHolderDropsItsInheritedPriority()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var gate = new PriorityLock();
            var holding = new TaskCompletionSource();
            LoopTask holder = loop.CreateTask(async () =>
            {
                using (await gate.AcquireAsync())
                {
                    await holding.Task;
                }
            }, "holder");
            await Task.Yield();
            LoopTask<int> high = loop.CreateTask(() => TakeAndRelease(gate), TaskPriority.High);
            await Task.Yield();
            holder.EffectivePriority.ShouldBe(TaskPriority.High);

            await Scheduling.TaskInterrupt(high, new InterruptException());

            (await high).ShouldBe(0);
            gate.WaiterCount.ShouldBe(0);
            holder.EffectivePriority.ShouldBe(TaskPriority.Normal);
            holding.SetResult();
            await holder;
            gate.IsLocked.ShouldBeFalse();
        });
    }

    [Fact]
    public void TaskInterrupt_ConditionWaiterReacquiringTheLock_RaisesOnlyOnceTheLockIsHeld()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var condition = new PriorityCondition();
            bool wake = false;
            LoopTask task1 = loop.CreateTask(async () =>
            {
                using (await condition.AcquireAsync())
                {
                    try
                    {
                        await condition.WaitForAsync(() => wake);
                        log.Add("woke normally");
                    }
                    catch (InterruptException)
                    {
                        log.Add($"interrupted holding the lock: {condition.Lock.Owner == loop.CurrentTask}");
                    }
                }

                log.Add("released");
            });
            await Task.Yield();
            condition.WaiterCount.ShouldBe(1);

            await condition.AcquireAsync();
            wake = true;
            condition.Notify();
            await Task.Yield();
            Scheduling.TaskIsBlocked(task1).ShouldBeTrue();   // re-acquiring the lock, which this task holds
            condition.Release();
            Scheduling.TaskIsRunnable(task1).ShouldBeTrue();

            await Scheduling.TaskInterrupt(task1, new InterruptException());

            task1.IsCompleted.ShouldBeTrue();
            await task1;
            condition.IsLocked.ShouldBeFalse();
        });

        log.ShouldBe(["interrupted holding the lock: True", "released"]);
    }

    [Fact]
    public void TaskInterrupt_ConditionWaiterWaitingForANotification_RaisesWithTheLockHeldAgain()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var condition = new PriorityCondition();
            bool heldWhenInterrupted = false;
            LoopTask task = loop.CreateTask(async () =>
            {
                using (await condition.AcquireAsync())
                {
                    try
                    {
                        await condition.WaitAsync();
                    }
                    catch (InterruptException)
                    {
                        heldWhenInterrupted = condition.Lock.Owner == loop.CurrentTask;
                    }
                }
            });
            await Task.Yield();
            condition.WaiterCount.ShouldBe(1);
            condition.IsLocked.ShouldBeFalse();

            await Scheduling.TaskInterrupt(task, new InterruptException());

            await task;
            heldWhenInterrupted.ShouldBeTrue();
            condition.WaiterCount.ShouldBe(0);
            condition.IsLocked.ShouldBeFalse();
        });
    }

    [Fact]
    public void TaskTimeout_AroundALockAcquire_TimesOutAndTheLockStaysConsistent()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var gate = new PriorityLock();
            LoopTask holder = loop.CreateTask(async () =>
            {
                using (await gate.AcquireAsync())
                {
                    await Scheduling.Sleep(TimeSpan.FromMinutes(1));
                }
            });
            await Task.Yield();

            await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
            {
                using (Scheduling.TaskTimeout(TimeSpan.FromSeconds(5)))
                {
                    await gate.AcquireAsync();
                }
            });

            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(5));
            gate.WaiterCount.ShouldBe(0);
            gate.Owner.ShouldBe(holder);
            using (await gate.AcquireAsync())
            {
                loop.Clock.Elapsed.ShouldBe(TimeSpan.FromMinutes(1));
            }
        });
    }

    [Fact]
    public void TaskThrow_NotifiedConditionWaiter_PassesTheNotificationOn()
    {
        // asynkit's PriorityCondition.wait (and asyncio's Condition.wait): a waiter that ends with an exception after it was
        // notified wakes another waiter, or that notification is lost and the other waiter hangs.
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var condition = new PriorityCondition();
            async Task Waiter(string name)
            {
                using (await condition.AcquireAsync())
                {
                    try
                    {
                        await condition.WaitAsync();
                        log.Add($"{name} notified");
                    }
                    catch (InterruptException)
                    {
                        log.Add($"{name} interrupted");
                    }
                }
            }

            LoopTask first = loop.CreateTask(() => Waiter("first"));
            LoopTask second = loop.CreateTask(() => Waiter("second"));
            await Task.Yield();
            condition.WaiterCount.ShouldBe(2);
            using (await condition.AcquireAsync())
            {
                condition.Notify(1);
            }

            Scheduling.TaskThrow(first, new InterruptException());
            await first;
            await second;
            condition.WaiterCount.ShouldBe(0);
            condition.IsLocked.ShouldBeFalse();
        });

        log.ShouldBe(["first interrupted", "second notified"]);
    }
}
