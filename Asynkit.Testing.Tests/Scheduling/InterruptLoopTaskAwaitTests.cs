namespace Asynkit.Testing.Tests;

/// <summary>A plain <c>await loopTask</c> from a loop task is a loop-owned wait (LoopTaskAwaiter): TaskThrow, TaskInterrupt and
/// TaskTimeout interrupt it while the awaited task keeps running, and it takes the same steps, in the same order, as an await
/// of <c>loopTask.Task</c>.</summary>
public sealed class InterruptLoopTaskAwaitTests
{
    [Fact]
    public void TaskThrow_BlockedAtAwaitOfALoopTask_RaisesThereAndTheAwaitedTaskKeepsRunning()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask sleeper = loop.CreateTask(() => Scheduling.Sleep(TimeSpan.FromSeconds(1)), "sleeper");
            LoopTask waiter = loop.CreateTask(async () =>
            {
                try
                {
                    await sleeper;
                    log.Add("not interrupted");
                }
                catch (DivideByZeroException)
                {
                    log.Add($"interrupted at {loop.Clock.Elapsed.TotalSeconds}s, sleeper done: {sleeper.IsCompleted}");
                }

                await sleeper;
                log.Add($"awaited again at {loop.Clock.Elapsed.TotalSeconds}s");
            }, "waiter");
            await Task.Yield();
            Scheduling.TaskIsBlocked(waiter).ShouldBeTrue();

            Scheduling.TaskThrow(waiter, new DivideByZeroException());

            Scheduling.TaskIsRunnable(waiter).ShouldBeTrue();
            await waiter;
        });

        log.ShouldBe(["interrupted at 0s, sleeper done: False", "awaited again at 1s"]);
    }

    [Fact]
    public void TaskInterrupt_BlockedAtAwaitOfAGenericLoopTask_RunsTheTaskFirstAndTheResultStaysAvailable()
    {
        var log = new List<string>();
        int result = AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask<int> producer = loop.CreateTask(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(2));
                log.Add("produced");
                return 42;
            }, "producer");
            LoopTask<int> consumer = loop.CreateTask(async () =>
            {
                try
                {
                    return await producer;
                }
                catch (InvalidTimeZoneException)
                {
                    log.Add("consumer interrupted");
                }

                return await producer + 1;
            }, "consumer");
            await Task.Yield();

            await Scheduling.TaskInterrupt(consumer, new InvalidTimeZoneException());

            log.Add("interrupter resumed");
            producer.IsCompleted.ShouldBeFalse();
            return await consumer;
        });

        result.ShouldBe(43);
        log.ShouldBe(["consumer interrupted", "interrupter resumed", "produced"]);
    }

    [Fact]
    public void TaskThrow_AwaitedTaskFinishesAfterTheInterrupt_TheWaiterGetsNoExtraStep()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var gate = new TaskCompletionSource();
            LoopTask sleeper = loop.CreateTask(() => Scheduling.Sleep(TimeSpan.FromSeconds(1)), "sleeper");
            LoopTask waiter = loop.CreateTask(async () =>
            {
                try
                {
                    await sleeper;
                }
                catch (DivideByZeroException)
                {
                }

                await gate.Task;
            }, "waiter");
            await Task.Yield();
            Scheduling.TaskThrow(waiter, new DivideByZeroException());
            await Task.Yield();
            Scheduling.TaskIsBlocked(waiter).ShouldBeTrue();

            await sleeper;   // its end must not wake the waiter's finished wait

            Scheduling.TaskIsBlocked(waiter).ShouldBeTrue();
            loop.ReadyCount.ShouldBe(0);
            gate.SetResult();
            await waiter;
        });
    }

    [Fact]
    public void TaskThrow_AfterTheAwaitedTaskFinishedButBeforeTheWaiterRan_TheInterruptWins()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask<int> worker = null!;
            LoopTask waiter = loop.CreateTask(async () =>
            {
                try
                {
                    log.Add($"got {await worker}");
                }
                catch (DivideByZeroException)
                {
                    log.Add("interrupted");
                }
            }, "waiter");
            worker = loop.CreateTask(() => Task.FromResult(7), "worker");
            await Task.Yield();   // waiter blocks at await worker; worker finishes and queues the waiter's wake
            worker.IsCompleted.ShouldBeTrue();
            Scheduling.TaskIsRunnable(waiter).ShouldBeTrue();

            Scheduling.TaskThrow(waiter, new DivideByZeroException());

            await waiter;
            (await worker).ShouldBe(7);
        });

        log.ShouldBe(["interrupted"]);
    }

    [Fact]
    public void TaskTimeout_AroundAwaitOfAWorker_FiresAtTheVirtualDeadlineAndTheWorkerKeepsRunning()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask<string> worker = loop.CreateTask(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(10));
                return "done";
            }, "worker");
            TaskTimeoutScope? scope = null;

            TaskTimeoutException error = await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
            {
                using (scope = Scheduling.TaskTimeout(TimeSpan.FromSeconds(2)))
                {
                    await worker;
                }
            });

            error.Scope.ShouldBe(scope);
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(2));
            Scheduling.TaskIsBlocked(worker).ShouldBeTrue();
            (await worker).ShouldBe("done");
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(10));
        });
    }

    [Fact]
    public void TaskTimeout_WorkerFinishesInTime_TheAwaitReturnsItsResult()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask<int> worker = loop.CreateTask(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                return 5;
            });

            using (TaskTimeoutScope scope = Scheduling.TaskTimeout(TimeSpan.FromSeconds(2)))
            {
                (await worker).ShouldBe(5);
                scope.Expired.ShouldBeFalse();
            }

            await Scheduling.Sleep(TimeSpan.FromSeconds(5));
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(6));
        });
    }

    [Fact]
    public void TaskTimeout_PendingFromANonInterruptibleAwait_RaisesAtTheNextBlockingAwaitOfALoopTask()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var gate = new TaskCompletionSource();
            LoopTask worker = loop.CreateTask(() => Scheduling.Sleep(TimeSpan.FromSeconds(10)), "worker");
            LoopTask opener = loop.CreateTask(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(3));
                gate.SetResult();
            });

            await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
            {
                using (Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
                {
                    await gate.Task;   // not interruptible: the timeout is left pending
                    log.Add($"gate passed at {loop.Clock.Elapsed.TotalSeconds}s");
                    long steps = loop.StepCount;
                    try
                    {
                        await worker;
                    }
                    finally
                    {
                        log.Add($"await worker ended after {loop.StepCount - steps} steps");
                    }
                }
            });

            worker.IsCompleted.ShouldBeFalse();
            await opener;
        });

        log.ShouldBe(["gate passed at 3s", "await worker ended after 0 steps"]);
    }

    [Fact]
    public void Await_AwaitedTaskFaultsOrIsCancelled_FlowsThroughAsBefore()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask failing = loop.CreateTask(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                throw new FormatException("bad");
            });
            LoopTask<int> cancelled = loop.CreateTask(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                return 1;
            });
            cancelled.Cancel();

            using (Scheduling.TaskTimeout(TimeSpan.FromSeconds(5)))
            {
                (await LoopAssert.ThrowsAsync<FormatException>(async () => await failing)).Message.ShouldBe("bad");
                var viaTask = await LoopAssert.ThrowsAsync<OperationCanceledException>(() => cancelled.Task);
                var viaAwaiter = await LoopAssert.ThrowsAsync<OperationCanceledException>(async () => await cancelled);
                viaAwaiter.GetType().ShouldBe(viaTask.GetType());
            }

            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(1));
        });
    }

    [Fact]
    public void Await_CompletedLoopTask_ReturnsInTheSameStepWithoutAllocating()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask done = loop.CreateTask(() => Task.CompletedTask);
            LoopTask<int> value = loop.CreateTask(() => Task.FromResult(3));
            await done;
            await value;
            await Touch(done, value, 10);   // warm up

            long steps = loop.StepCount;
            long before = GC.GetAllocatedBytesForCurrentThread();
            int sum = await Touch(done, value, 1000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            sum.ShouldBe(3000);
            loop.StepCount.ShouldBe(steps);
            allocated.ShouldBeLessThan(1000);   // a per-await allocation would be at least 24 B x 2000
        });

        static async Task<int> Touch(LoopTask done, LoopTask<int> value, int count)
        {
            int sum = 0;
            for (int i = 0; i < count; i++)
            {
                await done;
                sum += await value;
            }

            return sum;
        }
    }

    [Fact]
    public void TaskThrow_AwaitOfALoopTaskInCoroEagersSynchronousPart_IsNotInterruptible()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask worker = loop.CreateTask(() => Scheduling.Sleep(TimeSpan.FromSeconds(1)), "worker");
            Task eager = Coro.Eager(async () => await worker);
            LoopTask task = loop.AllTasks.Single(t => t.Name is not "main" and not "worker");
            await Task.Yield();

            var error = Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(task, new DivideByZeroException()));

            error.Message.ShouldContain("cannot be interrupted there");
            error.Message.ShouldContain("task 'worker'");
            await eager;
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(1));
        });
    }

    [Fact]
    public void Await_LoopTaskFromAPlainCallback_BehavesAsAnAwaitOfItsTask()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask worker = loop.CreateTask(() => Scheduling.Sleep(TimeSpan.FromSeconds(1)), "worker");
            var callbackDone = new TaskCompletionSource();
            loop.CallSoon(async () =>
            {
                // A callback has no task of its own: nothing could interrupt it, and the await is the plain promise's.
                AsynkitLoop.Current!.CurrentTask.ShouldBeNull();
                await worker;
                log.Add($"callback resumed at {loop.Clock.Elapsed.TotalSeconds}s");
                callbackDone.SetResult();
            });
            await callbackDone.Task;
            log.Add("main resumed");
        });

        log.ShouldBe(["callback resumed at 1s", "main resumed"]);
    }

    [Fact]
    public void TaskThrow_AwaitOfALoopTaskInsideAMonitorDrivenCoroutine_IsNotInterruptible()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask<int> worker = loop.CreateTask(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                return 5;
            }, "worker");
            var monitor = new OobMonitor();
            BoundMonitor<int> bound = monitor.Bind(async () => await worker + 1);
            LoopTask<int> driver = loop.CreateTask(async () => await bound, "driver");
            await Task.Yield();

            Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(driver, new DivideByZeroException()))
                .Message.ShouldContain("task 'driver'");
            (await driver).ShouldBe(6);
        });
    }
}
