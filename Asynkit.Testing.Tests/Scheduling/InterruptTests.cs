namespace Asynkit.Testing.Tests;

/// <summary>asynkit's TestThrow and TestInterrupt cases (tests/experimental/test_interrupt.py) for Scheduling.TaskThrow and
/// Scheduling.TaskInterrupt. asyncio's Event.wait() is a loop-owned future there; here the same await is
/// <c>Scheduling.Interruptible(tcs.Task)</c>.</summary>
public sealed class InterruptTests
{
    [Fact]
    public void TaskThrow_BlockedTask_BecomesRunnableAndRaisesWhenItRuns()
    {
        var state = "starting";
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var never = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(async () =>
            {
                state = "waiting";
                try
                {
                    await Scheduling.Interruptible(never.Task);
                    state = "not interrupted";
                }
                catch (DivideByZeroException)
                {
                    state.ShouldBe("interrupting");
                    state = "interrupted";
                }
            });
            await Task.Yield();
            state.ShouldBe("waiting");
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();

            Scheduling.TaskThrow(task, new DivideByZeroException());

            Scheduling.TaskIsRunnable(task).ShouldBeTrue();
            state = "interrupting";
            await task;
            state.ShouldBe("interrupted");
            never.Task.IsCompleted.ShouldBeFalse();
        });
    }

    [Fact]
    public void TaskThrow_AnotherTaskAlreadyQueued_ThatTaskRunsFirst()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var never = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(async () =>
            {
                try
                {
                    await Scheduling.Interruptible(never.Task);
                }
                catch (DivideByZeroException)
                {
                    log.Add("interrupted");
                }
            });
            await Task.Yield();
            LoopTask task2 = loop.CreateTask(() =>
            {
                log.Add("task2");
                return Task.CompletedTask;
            });

            Scheduling.TaskThrow(task, new DivideByZeroException());

            log.ShouldBeEmpty();
            await task;
            log.ShouldBe(["task2", "interrupted"]);
            task2.IsCompleted.ShouldBeTrue();
        });
    }

    [Fact]
    public void TaskThrow_TwiceBeforeDelivery_TheLastExceptionWins()
    {
        Exception? caught = null;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask task = loop.CreateTask(async () =>
            {
                try
                {
                    await Scheduling.Sleep(TimeSpan.FromSeconds(10));
                }
                catch (Exception ex)
                {
                    caught = ex;
                }
            });
            await Task.Yield();
            Scheduling.TaskThrow(task, new DivideByZeroException());
            Scheduling.TaskThrow(task, new InvalidTimeZoneException());
            loop.ReadyCount.ShouldBe(1);
            await task;
        });

        caught.ShouldBeOfType<InvalidTimeZoneException>();
    }

    [Fact]
    public void TaskInterrupt_ExecutionOrder_InterruptedTaskThenQueuedTaskThenCaller()
    {
        var state = "starting";
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var never = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(async () =>
            {
                state = "waiting";
                try
                {
                    await Scheduling.Interruptible(never.Task);
                }
                catch (DivideByZeroException)
                {
                    state.ShouldBe("interrupting");
                    state = "interrupted";
                }
            });
            await Task.Yield();
            state.ShouldBe("waiting");
            LoopTask task2 = loop.CreateTask(() =>
            {
                state.ShouldBe("interrupted");
                state = "task2";
                return Task.CompletedTask;
            });
            Scheduling.TaskIsRunnable(task).ShouldBeFalse();
            Scheduling.TaskIsRunnable(task2).ShouldBeTrue();

            state = "interrupting";
            await Scheduling.TaskInterrupt(task, new DivideByZeroException());

            state.ShouldBe("task2");
            task.IsCompleted.ShouldBeTrue();
            task2.IsCompleted.ShouldBeTrue();
            await task;
            await task2;
        });
    }

    [Fact]
    public void TaskInterrupt_SleepingTask_RaisesAndTheSleepLeavesNoTimer()
    {
        var state = "starting";
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask task = loop.CreateTask(async () =>
            {
                state = "waiting";
                await LoopAssert.ThrowsAsync<DivideByZeroException>(() => Scheduling.Sleep(TimeSpan.FromSeconds(0.01)));
                state.ShouldBe("interrupting");
                state = "interrupted";
            });
            await Task.Yield();
            loop.Clock.PendingTimers.ShouldBe(1);

            state = "interrupting";
            await Scheduling.TaskInterrupt(task, new DivideByZeroException());

            state.ShouldBe("interrupted");
            loop.Clock.PendingTimers.ShouldBe(0);
            loop.Clock.Elapsed.ShouldBe(TimeSpan.Zero);
            await Scheduling.Sleep(TimeSpan.FromSeconds(0.02));
            await task;
        });
    }

    [Fact]
    public void TaskInterrupt_TaskRunnableAfterSleepZero_Raises()
    {
        var state = "starting";
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask task = loop.CreateTask(async () =>
            {
                state = "waiting";
                await LoopAssert.ThrowsAsync<DivideByZeroException>(() => Scheduling.Sleep(TimeSpan.Zero));
                state.ShouldBe("interrupting");
                state = "interrupted";
            });
            await Scheduling.Sleep(TimeSpan.Zero);
            state.ShouldBe("waiting");
            Scheduling.TaskIsRunnable(task).ShouldBeTrue();

            state = "interrupting";
            await Scheduling.TaskInterrupt(task, new DivideByZeroException());

            state.ShouldBe("interrupted");
            await task;
        });
    }

    [Fact]
    public void TaskInterrupt_TaskAlreadyWoken_InterruptWinsOverTheWakeAndRunsBeforeQueuedTask()
    {
        var state = "starting";
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var e = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(async () =>
            {
                state = "waiting";
                await LoopAssert.ThrowsAsync<DivideByZeroException>(() => Scheduling.Interruptible(e.Task));
                state.ShouldBe("interrupting");
                state = "interrupted";
            });
            await Task.Yield();
            LoopTask task2 = loop.CreateTask(() =>
            {
                state.ShouldBe("interrupted");
                state = "done";
                return Task.CompletedTask;
            });

            e.SetResult();
            Scheduling.TaskIsRunnable(task).ShouldBeTrue();
            Scheduling.TaskIsRunnable(task2).ShouldBeTrue();
            state = "interrupting";
            await Scheduling.TaskInterrupt(task, new DivideByZeroException());

            state.ShouldBe("done");
            task.IsCompleted.ShouldBeTrue();
            task2.IsCompleted.ShouldBeTrue();
        });
    }

    [Fact]
    public void TaskInterrupt_TaskWaitingForAnotherTask_OnlyTheWaitEndsAndTheOtherTaskKeepsRunning()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask<string> task1 = loop.CreateTask(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(0.1));
                return "ok";
            });
            LoopTask task2 = loop.CreateTask(async () =>
                await LoopAssert.ThrowsAsync<DivideByZeroException>(() => Scheduling.Interruptible(task1.Task)));
            await Task.Yield();
            Scheduling.TaskIsBlocked(task2).ShouldBeTrue();

            await Scheduling.TaskInterrupt(task2, new DivideByZeroException());

            task2.IsCompleted.ShouldBeTrue();
            Scheduling.TaskIsBlocked(task1).ShouldBeTrue();
            (await task1).ShouldBe("ok");
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(0.1));
        });
    }

    [Fact]
    public void TaskInterrupt_TaskNotStarted_FailsWithoutRunningItsBody()
    {
        bool ran = false;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask task = loop.CreateTask(() =>
            {
                ran = true;
                return Task.CompletedTask;
            });
            task.State.ShouldBe(LoopTaskState.New);

            await Scheduling.TaskInterrupt(task, new DivideByZeroException());

            task.IsCompleted.ShouldBeTrue();
            await LoopAssert.ThrowsAsync<DivideByZeroException>(task.Task);
        });

        ran.ShouldBeFalse();
    }

    [Fact]
    public void TaskInterrupt_WokenQueueRead_TheReadStillCompletesAndTheTaskRetrievesIt()
    {
        int result = AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            // Synchronous continuations: the default hands the reader's completion to the thread pool, which escapes the loop.
            var queue = System.Threading.Channels.Channel.CreateUnbounded<int>(new System.Threading.Channels.UnboundedChannelOptions { AllowSynchronousContinuations = true });
            LoopTask<int> task = loop.CreateTask(async () =>
            {
                Task<int> read = queue.Reader.ReadAsync().AsTask();
                await LoopAssert.ThrowsAsync<DivideByZeroException>(() => Scheduling.Interruptible(read));
                return await read;
            });
            await Task.Yield();
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();
            queue.Writer.TryWrite(1).ShouldBeTrue();
            Scheduling.TaskIsRunnable(task).ShouldBeTrue();

            await Scheduling.TaskInterrupt(task, new DivideByZeroException());

            return await task;
        });

        result.ShouldBe(1);
    }

    [Fact]
    public void TaskInterrupt_OperationCanceledException_KillsTheTaskAsCancelled()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask task = loop.CreateTask(async () =>
            {
                while (true)
                {
                    await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                }
            });
            await Task.Yield();

            await Scheduling.TaskInterrupt(task, new OperationCanceledException());

            task.IsCompleted.ShouldBeTrue();
            task.Task.IsCanceled.ShouldBeTrue();
        });
    }

    [Fact]
    public void Interruptible_NotInterrupted_PassesTheOutcomeThrough()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var value = new TaskCompletionSource<int>();
            var failure = new TaskCompletionSource();
            var cancel = new TaskCompletionSource();
            LoopTask<int> task = loop.CreateTask(async () =>
            {
                await LoopAssert.ThrowsAsync<FormatException>(() => Scheduling.Interruptible(failure.Task));
                await LoopAssert.ThrowsAsync<TaskCanceledException>(() => Scheduling.Interruptible(cancel.Task));
                return await Scheduling.Interruptible(value.Task);
            });
            await Task.Yield();
            failure.SetException(new FormatException());
            await Task.Yield();
            await Task.Yield();
            cancel.SetCanceled();
            await Task.Yield();
            await Task.Yield();
            value.SetResult(7);
            (await task).ShouldBe(7);
        });
    }

    [Fact]
    public void TaskThrow_Self_Throws()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () =>
        {
            await Task.Yield();
            await Scheduling.TaskInterrupt(AsynkitLoop.Current!.CurrentTask!, new DivideByZeroException());
        }));

        error.Message.ShouldContain("cannot interrupt itself");
    }

    [Fact]
    public void TaskInterrupt_FinishedTask_Throws()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(() => Task.CompletedTask, "quick");
            await Task.Yield();
            task.IsCompleted.ShouldBeTrue();
            await Scheduling.TaskInterrupt(task, new DivideByZeroException());
        }));

        error.Message.ShouldContain("cannot interrupt task 'quick'");
        error.Message.ShouldContain("which is done");
    }

    [Fact]
    public void TaskInterrupt_CancelledBlockedTask_ThrowsAndTheTaskEndsCancelled()
    {
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(() => Scheduling.Sleep(Timeout.InfiniteTimeSpan), "sleeper");
            await Task.Yield();
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();
            task.Cancel();
            Scheduling.TaskIsRunnable(task).ShouldBeTrue();

            InvalidOperationException error = await LoopAssert.ThrowsAsync<InvalidOperationException>(() => Scheduling.TaskInterrupt(task, new DivideByZeroException()));

            error.Message.ShouldContain("which is cancelled");
            await LoopAssert.ThrowsAsync<OperationCanceledException>(task.Task);
        });
    }

    [Fact]
    public void TaskInterrupt_CancelledRunnableTask_Throws()
    {
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(() => Scheduling.Sleep(TimeSpan.Zero));
            await Task.Yield();
            Scheduling.TaskIsRunnable(task).ShouldBeTrue();
            task.Cancel();

            InvalidOperationException error = await LoopAssert.ThrowsAsync<InvalidOperationException>(() => Scheduling.TaskInterrupt(task, new DivideByZeroException()));

            error.Message.ShouldContain("which is cancelled");
            await task;
        });
    }

    [Fact]
    public void TaskThrow_TaskOfAnotherLoop_ThrowsArgumentException()
    {
        LoopTask? foreign = null;
        using (var other = new AsynkitLoop())
        {
            other.RunUntilComplete(() =>
            {
                foreign = other.CreateTask(() => Scheduling.Sleep(Timeout.InfiniteTimeSpan));
                return Task.CompletedTask;
            });
        }

        var error = Should.Throw<ArgumentException>(() => AsynkitLoop.Run(() =>
        {
            Scheduling.TaskThrow(foreign!, new DivideByZeroException());
            return Task.CompletedTask;
        }));

        error.ParamName.ShouldBe("task");
        error.Message.ShouldContain("another AsynkitLoop");
    }

    [Fact]
    public void TaskThrow_OutsideALoop_ThrowsInvalidOperationException()
    {
        LoopTask? task = null;
        AsynkitLoop.Run(() =>
        {
            task = AsynkitLoop.Current!.CreateTask(() => Task.CompletedTask);
            return Task.CompletedTask;
        });

        Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(task!, new DivideByZeroException()))
            .Message.ShouldContain("Scheduling.TaskThrow must be called on a running AsynkitLoop");
        Should.Throw<InvalidOperationException>(() => Scheduling.TaskInterrupt(task!, new DivideByZeroException()))
            .Message.ShouldContain("Scheduling.TaskInterrupt must be called on a running AsynkitLoop");
    }

    [Fact]
    public void TaskThrow_NullArguments_ThrowArgumentNullException()
    {
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(() => Task.CompletedTask);
            Should.Throw<ArgumentNullException>(() => Scheduling.TaskThrow(task, null!)).ParamName.ShouldBe("exception");
            Should.Throw<ArgumentNullException>(() => Scheduling.TaskThrow(null!, new DivideByZeroException())).ParamName.ShouldBe("task");
            await task;
        });
    }

    [Fact]
    public void TaskInterrupt_FromAPlainCallback_ThrowsAndTaskThrowWorksThere()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask task = loop.CreateTask(() => Scheduling.Sleep(Timeout.InfiniteTimeSpan));
            await Task.Yield();
            InvalidOperationException? error = null;
            loop.CallSoon(() =>
            {
                error = Should.Throw<InvalidOperationException>(() => Scheduling.TaskInterrupt(task, new DivideByZeroException()));
                Scheduling.TaskThrow(task, new DivideByZeroException());
            });

            await LoopAssert.ThrowsAsync<DivideByZeroException>(task.Task);
            error!.Message.ShouldContain("use Scheduling.TaskThrow");
        });
    }

    [Fact]
    public void TaskThrow_PlainAwaitOfATaskCompletionSource_ThrowsNamingTheAwaitAndTheLoopStaysUsable()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var gate = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(async () => await gate.Task, "plain");
            await Task.Yield();

            var error = Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(task, new DivideByZeroException()));

            error.Message.ShouldContain("task 'plain'");
            error.Message.ShouldContain("is blocked at");
            error.Message.ShouldContain(nameof(TaskThrow_PlainAwaitOfATaskCompletionSource_ThrowsNamingTheAwaitAndTheLoopStaysUsable));
            error.Message.ShouldContain("Scheduling.Interruptible");
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();
            gate.SetResult();
            await task;
            task.Task.IsCompletedSuccessfully.ShouldBeTrue();
        });
    }

    [Fact]
    public void TaskThrow_PlainAwaitOfALoopTasksTask_ThrowsSuggestingTheLoopTaskOrInterruptible()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask sleeper = loop.CreateTask(() => Scheduling.Sleep(TimeSpan.FromSeconds(1)), "sleeper");
            LoopTask waiter = loop.CreateTask(async () => await sleeper.Task, "waiter");
            await Task.Yield();

            var error = Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(waiter, new DivideByZeroException()));

            error.Message.ShouldContain("a plain await of the Task of task 'sleeper'");
            error.Message.ShouldContain("await the LoopTask itself, or Scheduling.Interruptible(sleeper.Task)");
            await waiter;
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(1));
        });
    }

    [Fact]
    public void TaskThrow_RunnableAfterTaskYield_ThrowsAndTheLoopStaysUsable()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            int rounds = 0;
            LoopTask task = loop.CreateTask(async () =>
            {
                await Task.Yield();
                rounds++;
            });
            await Task.Yield();
            Scheduling.TaskIsRunnable(task).ShouldBeTrue();

            var error = Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(task, new DivideByZeroException()));

            error.Message.ShouldContain("is runnable after an await the loop does not own");
            loop.ReadyCount.ShouldBe(1);
            await task;
            rounds.ShouldBe(1);
        });
    }

    [Fact]
    public void TaskThrow_WokenSleepInsideWhenAny_ThrowsInsteadOfLosingTheException()
    {
        // The task awaits Task.WhenAny, which the loop does not own; the Sleep inside it is loop-owned and already woken.
        // Failing the Sleep's promise would only complete WhenAny with a faulted task, and the exception would be lost.
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var never = new TaskCompletionSource();
            Task? winner = null;
            LoopTask task = loop.CreateTask(async () => winner = await Task.WhenAny(Scheduling.Sleep(TimeSpan.Zero), never.Task));
            await Task.Yield();
            Scheduling.TaskIsRunnable(task).ShouldBeTrue();

            var error = Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(task, new DivideByZeroException()));

            error.Message.ShouldContain("is runnable after an await the loop does not own");
            await task;
            winner.ShouldNotBeNull().IsCompletedSuccessfully.ShouldBeTrue();
        });
    }

    [Fact]
    public void TaskThrow_AfterEachError_TheTargetCanStillBeInterrupted()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var gate = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(async () =>
            {
                await gate.Task;
                await Scheduling.Sleep(Timeout.InfiniteTimeSpan);
            });
            await Task.Yield();
            Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(task, new DivideByZeroException()));
            gate.SetResult();
            Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(task, new DivideByZeroException()));
            await Task.Yield();
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();

            await Scheduling.TaskInterrupt(task, new DivideByZeroException());

            await LoopAssert.ThrowsAsync<DivideByZeroException>(task.Task);
            Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(task, new DivideByZeroException()));
            await Scheduling.Sleep(TimeSpan.FromSeconds(1));
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(1));
        });
    }

    [Fact]
    public void TaskThrow_EagerTask_InterruptibleOnlyOnceItHasBlockedOnce()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var release = new TaskCompletionSource();
            Task eager = Coro.Eager(async () =>
            {
                // The synchronous part runs under the eager identity's own context: a plain, non-interruptible promise.
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                await Scheduling.Interruptible(release.Task);
            });
            LoopTask task = loop.AllTasks.Single(t => t.Name != "main");
            await Task.Yield();

            Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(task, new DivideByZeroException()))
                .Message.ShouldContain("cannot be interrupted there");
            await Scheduling.Sleep(TimeSpan.FromSeconds(2));
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();

            await Scheduling.TaskInterrupt(task, new DivideByZeroException());

            await LoopAssert.ThrowsAsync<DivideByZeroException>(eager);
        });
    }

    [Fact]
    public void TaskThrow_CoroutineDrivenByAMonitor_IsNotInterruptibleAndKeepsItsOrder()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var monitor = new OobMonitor();
            BoundMonitor<int> bound = monitor.Bind(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                return 5;
            });
            LoopTask<int> driver = loop.CreateTask(async () => await bound, "driver");
            await Task.Yield();

            Should.Throw<InvalidOperationException>(() => Scheduling.TaskThrow(driver, new DivideByZeroException()))
                .Message.ShouldContain("task 'driver'");
            (await driver).ShouldBe(5);
        });
    }
}
