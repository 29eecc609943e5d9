namespace Asynkit.Testing.Tests;

/// <summary>Edge cases of PriorityLock and PriorityCondition: nested locks released out of order, a holder that faults while
/// holding, a timeout around a condition wait, and TaskInterrupt's caller under priority scheduling.</summary>
public sealed class PriorityLockEdgeTests
{
    [Fact]
    public void Release_NestedLocksOutOfOrder_InheritedPriorityDropsStepByStep()
    {
        var log = new List<string>();
        AsynkitLoop.Run(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                var first = new PriorityLock();
                var second = new PriorityLock();
                var go = new TaskCompletionSource();
                LoopTask holder = loop.CreateTask(
                    async () =>
                    {
                        IDisposable a = await first.AcquireAsync();
                        IDisposable b = await second.AcquireAsync();
                        await go.Task;
                        log.Add($"holding {loop.CurrentTask!.EffectivePriority}");
                        a.Dispose();   // released before the lock taken after it
                        log.Add($"first released {loop.CurrentTask!.EffectivePriority}");
                        b.Dispose();
                        log.Add($"second released {loop.CurrentTask!.EffectivePriority}");
                    },
                    5);
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                LoopTask high = loop.CreateTask(async () => { using (await first.AcquireAsync()) { } }, -10);
                LoopTask medium = loop.CreateTask(async () => { using (await second.AcquireAsync()) { } }, -5);
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                holder.EffectivePriority.ShouldBe(-10);
                go.SetResult();
                await holder;
                await high;
                await medium;
                holder.EffectivePriority.ShouldBe(5);
            },
            new LoopOptions { PriorityScheduling = true });

        log.ShouldBe(["holding -10", "first released -5", "second released 5"]);
    }

    [Fact]
    public void AcquireAsync_HolderFaultsWhileHoldingTheLock_TheWaiterIsReportedAsADeadlockNotAHang()
    {
        Should.Throw<DeadlockException>(() => AsynkitLoop.Run(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                var gate = new PriorityLock();
                LoopTask holder = loop.CreateTask(
                    async () =>
                    {
                        await gate.AcquireAsync();
                        await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                        throw new InvalidDataException("holder failed");
                    },
                    5);
                await Scheduling.Sleep(TimeSpan.FromMilliseconds(1));   // the holder (worse priority) takes the lock first
                LoopTask waiter = loop.CreateTask(async () => { using (await gate.AcquireAsync()) { } }, TaskPriority.High);
                await LoopAssert.ThrowsAsync<InvalidDataException>(async () => await holder);
                holder.EffectivePriority.ShouldBe(TaskPriority.High);   // still holds the lock: asyncio leaves it locked too
                await waiter;
            },
            new LoopOptions { PriorityScheduling = true }));
    }

    [Fact]
    public void TaskTimeout_AroundAConditionWait_RaisesWithTheLockHeldAndLeavesNoWaiter()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var condition = new PriorityCondition();
            using (await condition.AcquireAsync())
            {
                await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
                {
                    using (Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
                    {
                        await condition.WaitAsync();
                    }
                });
                condition.Lock.Owner.ShouldBe(loop.CurrentTask);
                loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(1));
            }

            condition.IsLocked.ShouldBeFalse();
            condition.WaiterCount.ShouldBe(0);
        });
    }

    [Fact]
    public void TaskInterrupt_UnderPriorityScheduling_ABetterCallerRunsBeforeTheQueuedTask()
    {
        // As asynkit's task_interrupt (task_throw, then task_switch): the interrupted task runs first; the caller is then
        // queued at the end, which under priority scheduling means by its priority.
        var order = new List<string>();
        AsynkitLoop.Run(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                LoopTask target = loop.CreateTask(async () =>
                {
                    try
                    {
                        await Scheduling.Sleep(Timeout.InfiniteTimeSpan);
                    }
                    catch (InvalidDataException)
                    {
                        order.Add("interrupted");
                    }
                });
                LoopTask queued = loop.CreateTask(async () =>
                {
                    await Scheduling.Sleep(TimeSpan.Zero);
                    order.Add("queued");
                });
                await Task.Yield();
                LoopTask caller = loop.CreateTask(
                    async () =>
                    {
                        await Scheduling.TaskInterrupt(target, new InvalidDataException());
                        order.Add("caller");
                    },
                    TaskPriority.High);
                await caller;
                await target;
                await queued;
            },
            new LoopOptions { PriorityScheduling = true });

        order.ShouldBe(["interrupted", "caller", "queued"]);
    }
}
