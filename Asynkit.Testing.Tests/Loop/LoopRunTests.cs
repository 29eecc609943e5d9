namespace Asynkit.Testing.Tests;

public sealed class LoopRunTests
{
    [Fact]
    public void Run_MainThrows_ExceptionComesOutAsItself()
    {
        var thrown = Should.Throw<InvalidTimeZoneException>(() => AsynkitLoop.Run(async () =>
        {
            await Task.Yield();
            throw new InvalidTimeZoneException("boom");
        }));

        thrown.Message.ShouldBe("boom");
    }

    [Fact]
    public void Run_MainThrowsSynchronously_ExceptionComesOutAsItself()
    {
        Should.Throw<FormatException>(() => AsynkitLoop.Run(() => throw new FormatException("sync")));
    }

    [Fact]
    public void Run_MainCancelled_OriginalOperationCanceledExceptionComesOut()
    {
        var thrown = Should.Throw<OperationCanceledException>(() => AsynkitLoop.Run(async () =>
        {
            await Task.Yield();
            throw new OperationCanceledException("stopped on purpose");
        }));

        thrown.Message.ShouldBe("stopped on purpose");
    }

    [Fact]
    public void Run_MainReturnsValue_ReturnsIt()
    {
        int result = AsynkitLoop.Run(async () =>
        {
            await Task.Yield();
            return 42;
        });

        result.ShouldBe(42);
    }

    [Fact]
    public void Run_InsideRunningLoop_ThrowsInvalidOperation()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(() =>
        {
            AsynkitLoop.Run(() => Task.CompletedTask);
            return Task.CompletedTask;
        }));

        error.Message.ShouldContain("already running");
    }

    [Fact]
    public void Run_RunsOnCallingThread_EveryStep()
    {
        int thread = Environment.CurrentManagedThreadId;
        var seen = new HashSet<int>();
        AsynkitLoop.Run(async () =>
        {
            LoopTask other = AsynkitLoop.Current!.CreateTask(async () =>
            {
                for (int i = 0; i < 5; i++)
                {
                    seen.Add(Environment.CurrentManagedThreadId);
                    await Task.Yield();
                }
            });
            for (int i = 0; i < 5; i++)
            {
                seen.Add(Environment.CurrentManagedThreadId);
                await Task.Yield();
            }

            await other;
        });

        seen.ShouldBe([thread]);
    }

    [Fact]
    public void Run_Finishes_RestoresSynchronizationContextAndCurrent()
    {
        SynchronizationContext? before = SynchronizationContext.Current;
        AsynkitLoop.Run(async () => await Task.Yield());
        SynchronizationContext.Current.ShouldBe(before);
        AsynkitLoop.Current.ShouldBeNull();
    }

    [Fact]
    public void CreateTask_IsLazy_BodyStartsAtItsFirstStep()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(() =>
            {
                log.Add("body");
                return Task.CompletedTask;
            });
            log.Add("created");
            task.State.ShouldBe(LoopTaskState.New);
            await task;
            log.Add("awaited");
        });

        log.ShouldBe(["created", "body", "awaited"]);
    }

    [Fact]
    public void CreateTask_Names_DefaultToTaskIdAndMainIsMain()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            loop.CurrentTask!.Name.ShouldBe("main");
            loop.CurrentTask.Id.ShouldBe(1);
            LoopTask unnamed = loop.CreateTask(() => Task.CompletedTask);
            LoopTask named = loop.CreateTask(() => Task.CompletedTask, "worker");
            unnamed.Name.ShouldBe("Task-2");
            named.Name.ShouldBe("worker");
            named.Id.ShouldBe(3);
            await unnamed;
            await named;
        });
    }

    [Fact]
    public void LoopTask_State_GoesNewRunningSuspendedFinished()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask? self = null;
            var gate = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(async () =>
            {
                self!.State.ShouldBe(LoopTaskState.Running);
                loop.CurrentTask.ShouldBe(self);
                await gate.Task;
            });
            self = task;
            task.State.ShouldBe(LoopTaskState.New);
            await Task.Yield();
            task.State.ShouldBe(LoopTaskState.Suspended);
            task.IsCompleted.ShouldBeFalse();
            gate.SetResult();
            await task;
            task.State.ShouldBe(LoopTaskState.Finished);
            task.IsCompleted.ShouldBeTrue();
        });
    }

    [Fact]
    public void CreateTaskOfT_Await_ReturnsBodyResult()
    {
        int value = AsynkitLoop.Run(async () =>
        {
            LoopTask<int> task = AsynkitLoop.Current!.CreateTask(async () =>
            {
                await Task.Yield();
                return 7;
            });
            return await task * 6;
        });

        value.ShouldBe(42);
    }

    [Fact]
    public void CurrentTask_InPlainCallback_IsNull()
    {
        LoopTask? inCallback = null;
        bool ran = false;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop.Current!.CallSoon(() =>
            {
                inCallback = AsynkitLoop.Current!.CurrentTask;
                ran = true;
            });
            await Task.Yield();
        });

        ran.ShouldBeTrue();
        inCallback.ShouldBeNull();
    }

    [Fact]
    public void UnobservedTaskException_FailsRunWithTheException()
    {
        var error = Should.Throw<InvalidDataException>(() => AsynkitLoop.Run(async () =>
        {
            _ = AsynkitLoop.Current!.CreateTask(async () =>
            {
                await Task.Yield();
                throw new InvalidDataException("nobody awaits me");
            });
            await Scheduling.Sleep(TimeSpan.FromSeconds(1));
        }));

        error.Message.ShouldBe("nobody awaits me");
    }

    [Fact]
    public void UnobservedTaskException_PolicyIgnore_RunSucceeds()
    {
        AsynkitLoop.Run(
            async () =>
            {
                _ = AsynkitLoop.Current!.CreateTask(() => throw new InvalidDataException("ignored"));
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
            },
            new LoopOptions { UnobservedTaskExceptions = UnobservedExceptionPolicy.Ignore });
    }

    [Fact]
    public void ObservedTaskException_DoesNotFailRun()
    {
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(() => throw new InvalidDataException("observed"));
            try
            {
                await task;
            }
            catch (InvalidDataException)
            {
            }
        });
    }

    [Fact]
    public void UnobservedTaskExceptions_Several_AggregateNamesEachTask()
    {
        var error = Should.Throw<AggregateException>(() => AsynkitLoop.Run(async () =>
        {
            _ = AsynkitLoop.Current!.CreateTask(() => throw new InvalidDataException("one"), "first");
            _ = AsynkitLoop.Current!.CreateTask(() => throw new FormatException("two"), "second");
            await Task.Yield();
        }));

        error.Message.ShouldContain("'first'");
        error.Message.ShouldContain("'second'");
        error.InnerExceptions.Count.ShouldBe(2);
    }

    [Fact]
    public void LeftoverTasks_Default_AreCancelledAndRunTheirFinallyBlocks()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            _ = AsynkitLoop.Current!.CreateTask(async () =>
            {
                try
                {
                    await Scheduling.Sleep(TimeSpan.FromHours(1));
                    log.Add("woke");
                }
                catch (OperationCanceledException)
                {
                    log.Add("cancelled");
                    throw;
                }
                finally
                {
                    log.Add("finally");
                }
            });
            await Task.Yield();
        });

        log.ShouldBe(["cancelled", "finally"]);
    }

    [Fact]
    public void LeftoverTasks_PolicyFail_ThrowsNamingTheTask()
    {
        var error = Should.Throw<LeftoverTasksException>(() => AsynkitLoop.Run(
            async () =>
            {
                _ = AsynkitLoop.Current!.CreateTask(() => Scheduling.Sleep(TimeSpan.FromHours(1)), "sleeper");
                await Task.Yield();
            },
            new LoopOptions { LeftoverTasks = LeftoverTaskPolicy.Fail }));

        error.Message.ShouldContain("'sleeper'");
    }

    [Fact]
    public void Cancel_BeforeFirstStep_BodyNeverRuns()
    {
        bool ran = false;
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(() =>
            {
                ran = true;
                return Task.CompletedTask;
            });
            task.Cancel();
            await Should.ThrowAsync<OperationCanceledException>(task.Task);
            task.Task.IsCanceled.ShouldBeTrue();
        });

        ran.ShouldBeFalse();
    }

    [Fact]
    public void Cancel_TokenBody_TokenFiresAndTaskIsCancelled()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask task = loop.CreateTask(async token => await Task.Delay(TimeSpan.FromDays(1), loop.Clock, token));
            await Task.Yield();
            task.Cancel();
            try
            {
                await task;
                throw new ShouldAssertException("the task should have been cancelled");
            }
            catch (OperationCanceledException)
            {
            }

            task.Task.IsCanceled.ShouldBeTrue();
            loop.Clock.Elapsed.ShouldBe(TimeSpan.Zero);
        });
    }

    [Fact]
    public void TaskScheduler_IsCurrentInsideSteps_AndStartNewStaysOnLoop()
    {
        int thread = Environment.CurrentManagedThreadId;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            TaskScheduler.Current.ShouldBe(loop.TaskScheduler);
            loop.TaskScheduler.MaximumConcurrencyLevel.ShouldBe(Environment.ProcessorCount);
            await Task.Yield();
            TaskScheduler.Current.ShouldBe(loop.TaskScheduler);

            LoopTask? owner = null;
            int ranOn = -1;
            await Task.Factory.StartNew(
                () =>
                {
                    owner = loop.CurrentTask;
                    ranOn = Environment.CurrentManagedThreadId;
                },
                CancellationToken.None,
                TaskCreationOptions.None,
                loop.TaskScheduler);
            ranOn.ShouldBe(thread);
            owner.ShouldBe(loop.CurrentTask);

            // ContinueWith without a scheduler uses TaskScheduler.Current, which is the loop's at the start of a step.
            // (Inside a continuation that .NET runs inline, TaskScheduler.Current is the default one: see docs/loop.md.)
            await Task.Yield();
            int continuedOn = await Task.CompletedTask.ContinueWith(_ => Environment.CurrentManagedThreadId);
            continuedOn.ShouldBe(thread);
        });
    }

    [Fact]
    public void AsyncVoid_ExceptionFailsTheRun()
    {
        Should.Throw<InvalidDataException>(() => AsynkitLoop.Run(async () =>
        {
            FireAndForget();
            await Scheduling.Sleep(TimeSpan.FromSeconds(1));
        }));

        static async void FireAndForget()
        {
            await Task.Yield();
            throw new InvalidDataException("async void");
        }
    }
}
