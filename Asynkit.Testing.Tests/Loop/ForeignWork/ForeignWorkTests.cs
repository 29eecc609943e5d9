using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests;

/// <summary>Thread-pool work that loop code starts runs as steps of the loop: one at a time, owned by the task that started it,
/// and in the same order every run.</summary>
public sealed class ForeignWorkTests
{
    [Fact]
    public void AwaitTaskRun_BodyRunsAsAStepOfTheCallingTask()
    {
        using var loop = new AsynkitLoop();
        (LoopTask? Task, AsynkitLoop? Loop, bool Pool) inBody = default;
        int result = loop.RunUntilComplete(async () =>
        {
            AsynkitLoop self = AsynkitLoop.Current!;
            int value = await Task.Run(() =>
            {
                inBody = (self.CurrentTask, AsynkitLoop.Current, Thread.CurrentThread.IsThreadPoolThread);
                return 42;
            });
            return value;
        });

        result.ShouldBe(42);
        inBody.Task.ShouldNotBeNull().Name.ShouldBe("main");
        inBody.Loop.ShouldBe(loop);
        inBody.Pool.ShouldBeTrue();
        loop.ForeignItemCount.ShouldBe(1);
        loop.IsDeterministic.ShouldBeTrue();
    }

    [Fact]
    public void ManyTaskRunBodies_RunOneAtATime()
    {
        int inside = 0;
        int most = 0;
        int counter = 0;
        AsynkitLoop.Run(async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    int now = Interlocked.Increment(ref inside);
                    most = Math.Max(most, now);
                    int read = counter;
                    Thread.SpinWait(200);
                    counter = read + 1;
                    Interlocked.Decrement(ref inside);
                    await Task.Yield();
                }
            })));
        });

        most.ShouldBe(1);
        counter.ShouldBe(300);
    }

    [Fact]
    public void ConfigureAwaitFalse_ContinuationRunsAsAStepOfItsTask()
    {
        var seen = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask worker = loop.CreateTask(async () =>
            {
                await Task.Yield();
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                seen.Add($"worker {loop.CurrentTask?.Name} pool={Thread.CurrentThread.IsThreadPoolThread} loop={AsynkitLoop.Current == loop}");
            }, "worker");
            await worker;
            seen.Add("main");
        });

        seen.ShouldBe(["worker worker pool=True loop=True", "main"]);
    }

    [Fact]
    public void ContinuationQueuedByAnotherTasksStep_BelongsToTheAwaitingTask()
    {
        LoopTask? owner = null;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            LoopTask waiter = loop.CreateTask(async () =>
            {
                await signal.Task.ConfigureAwait(false);
                owner = loop.CurrentTask;
            }, "waiter");
            LoopTask completer = loop.CreateTask(() =>
            {
                signal.SetResult();
                return Task.CompletedTask;
            }, "completer");
            await Task.WhenAll(waiter.Task, completer.Task);
        });

        owner.ShouldNotBeNull().Name.ShouldBe("waiter");
    }

    public static TheoryData<string> StartKinds() => ["Task.Run", "StartNew default scheduler", "QueueUserWorkItem", "UnsafeQueueUserWorkItem", "Task.Run with flow suppressed", "Task.Yield off the loop"];

    [Theory]
    [MemberData(nameof(StartKinds))]
    public void EveryWayToQueuePoolWork_RunsOnTheLoopAndCompletes(string kind)
    {
        using var loop = new AsynkitLoop();
        loop.RunUntilComplete(async () =>
        {
            var done = new TaskCompletionSource();
            switch (kind)
            {
                case "Task.Run":
                    _ = Task.Run(done.SetResult);
                    break;
                case "StartNew default scheduler":
                    _ = Task.Factory.StartNew(done.SetResult, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
                    break;
                case "QueueUserWorkItem":
                    ThreadPool.QueueUserWorkItem(_ => done.SetResult());
                    break;
                case "UnsafeQueueUserWorkItem":
                    ThreadPool.UnsafeQueueUserWorkItem(_ => done.SetResult(), null);
                    break;
                case "Task.Run with flow suppressed":
                    using (ExecutionContext.SuppressFlow())
                    {
                        _ = Task.Run(done.SetResult);
                    }

                    break;
                default:
                    _ = Task.Run(async () =>
                    {
                        await Task.Yield();
                        done.SetResult();
                    });
                    break;
            }

            await done.Task;
        });

        loop.ForeignItemCount.ShouldBeGreaterThan(0);
        loop.IsDeterministic.ShouldBeTrue();
    }

    [Fact]
    public void NestedTaskRun_WaitedSynchronouslyInsideTaskRun_IsNotInlinedUnseen()
    {
        int result = AsynkitLoop.Run(() => Task.Run(() => Task.Run(() => 6).Result * 7));

        result.ShouldBe(42);
    }

    [Fact]
    public void TaskRunResult_OnTheLoopThread_RunsTheBodyWhileTheStepWaits()
    {
        int result = AsynkitLoop.Run(() => Task.FromResult(Task.Run(() => 21).Result * 2));

        result.ShouldBe(42);
    }

    [Fact]
    public void AfterATurnRunInsideASyncWait_TheRunningStepIsTheWaitingStepAgain()
    {
        // A runner's watchdog names the step that does not return; after the loop ran a turn inside the step's .Result, the step
        // running is the waiting one again, not the turn.
        using var loop = new AsynkitLoop();
        string? during = null;
        string? after = null;
        loop.RunUntilComplete(async () =>
        {
            await Task.Yield();
            int value = Task.Run(() =>
            {
                during = loop.DescribeRunningStep();
                return 21;
            }).Result;
            after = loop.DescribeRunningStep();
            return value;
        });

        during.ShouldNotBeNull().ShouldContain("running on thread-pool thread");
        after.ShouldNotBeNull().ShouldStartWith("step 2 of task 'main' (#1), which resumed at");
        after.ShouldContain(nameof(AfterATurnRunInsideASyncWait_TheRunningStepIsTheWaitingStepAgain));
    }

    [Fact]
    public void SyncWaitInsideTaskRun_OnSomethingALoopTaskReleases_GivesItsTurnBack()
    {
        var order = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            var gate = new SemaphoreSlim(0);
            Task blocked = Task.Run(() =>
            {
                order.Add("body waits");
                gate.Wait();
                order.Add("body woke");
            });
            await Task.Yield();
            await Task.Yield();
            order.Add("main releases");
            gate.Release();
            await blocked;
            order.Add("main done");
        });

        order.ShouldBe(["body waits", "main releases", "body woke", "main done"]);
    }

    [Fact]
    public void SyncWaitWithTimeoutInsideTaskRun_TimesOutOnTheLoopsClock()
    {
        TimeSpan elapsed = TimeSpan.Zero;
        bool signalled = true;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var never = new ManualResetEventSlim();
            await Task.Run(() => signalled = never.Wait(TimeSpan.FromMinutes(5)));
            elapsed = loop.Clock.Elapsed;
        });

        // The BCL shortens the timeout by the real time it spent spinning before it blocks (docs/foreign-work.md, limits).
        signalled.ShouldBeFalse();
        elapsed.ShouldBeInRange(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void ResultOnAPromiseOnlyTheLoopCanComplete_IsADeadlockNamingTheFrame()
    {
        var error = Should.Throw<DeadlockException>(() => AsynkitLoop.Run(async () =>
        {
            var never = new TaskCompletionSource<int>();
            await Task.Yield();
            _ = never.Task.Result;
        }));

        error.Message.ShouldContain("blocks the loop's thread in a synchronous wait");
        error.Message.ShouldContain("ForeignWorkTests.ResultOnAPromiseOnlyTheLoopCanComplete_IsADeadlockNamingTheFrame");
        error.Message.ShouldContain("ForeignWorkTests.cs:");
        error.Message.ShouldContain("await instead");
    }

    [Fact]
    public void DeadlockInAStep_CaughtByTheCode_StillFailsTheRun()
    {
        bool caught = false;
        Should.Throw<DeadlockException>(() => AsynkitLoop.Run(async () =>
        {
            await Task.Yield();
            try
            {
                new ManualResetEventSlim().Wait();
            }
            catch (DeadlockException)
            {
                caught = true;
            }
        }));

        caught.ShouldBeTrue();
    }

    [Fact]
    public void ParallelFor_OnTheDefaultScheduler_RunsEveryBodyOnTheLoop()
    {
        var bodies = new List<int>();
        AsynkitLoop.Run(() => Task.Run(() => Parallel.For(0, 20, i =>
        {
            lock (bodies)
            {
                bodies.Add(i);
            }
        })));

        bodies.Order().ShouldBe(Enumerable.Range(0, 20));
    }

    [Fact]
    public void ParallelForEach_InlineContinuationOnTheDefaultScheduler_RunsOnTheLoop()
    {
        int most = 0;
        int inside = 0;
        AsynkitLoop.Run(async () =>
        {
            // Resumed inline, the step runs with TaskScheduler.Default current, so Parallel uses the thread pool.
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            Parallel.ForEach(Enumerable.Range(0, 50), _ =>
            {
                most = Math.Max(most, Interlocked.Increment(ref inside));
                Thread.SpinWait(100);
                Interlocked.Decrement(ref inside);
            });
        });

        most.ShouldBe(1);
    }

    [Fact]
    public void ParallelForEachAsync_OnTheLoopsScheduler_RunsAsManyWorkersAsTheDefaultScheduler()
    {
        int workers = 0;
        int most = 0;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var options = new ParallelOptions { TaskScheduler = loop.TaskScheduler };
            await Parallel.ForEachAsync(Enumerable.Range(0, 40), options, async (_, _) =>
            {
                most = Math.Max(most, ++workers);
                await Task.Yield();
                workers--;
            });
        });

        most.ShouldBe(Math.Min(40, Environment.ProcessorCount));
    }

    [Fact]
    public void ParallelFor_OnTheLoopsScheduler_InlinesItsWorkersInsteadOfDeadlocking()
    {
        int sum = 0;
        AsynkitLoop.Run(() =>
        {
            Parallel.For(0, 10, i => sum += i);
            return Task.CompletedTask;
        });

        sum.ShouldBe(45);
    }

    [Fact]
    public void PeriodicTimerOnTheLoopsClock_CreatedInATaskRunBody_Ticks()
    {
        TimeSpan ticked = TimeSpan.Zero;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            await Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(3), loop.Clock);
                await timer.WaitForNextTickAsync();
                await timer.WaitForNextTickAsync();
                ticked = loop.Clock.Elapsed;
            });
        });

        ticked.ShouldBe(TimeSpan.FromSeconds(6));
    }

    [Fact]
    public void PeriodicTimerOnTheLoopsClock_CreatedOnAThreadTheLoopDoesNotOwn_IsAnEscapeAndNothingCrashes()
    {
        Exception? onThread = null;
        var error = Should.Throw<UncontrolledConcurrencyException>(() => AsynkitLoop.Run(() =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            using var made = new ManualResetEventSlim();
            using (ExecutionContext.SuppressFlow())
            {
                new Thread(() =>
                {
                    try
                    {
                        _ = new PeriodicTimer(TimeSpan.FromSeconds(1), loop.Clock);
                    }
                    catch (Exception ex)
                    {
                        onThread = ex;
                    }

                    made.Set();
                }).Start();
            }

            made.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
            return Task.CompletedTask;
        }));

        // The timer was built whole: collecting it runs its finalizer, which must not throw (that would end the process).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        onThread.ShouldBeNull();
        error.Message.ShouldContain("A VirtualClock timer was created or changed");
    }

    [Fact]
    public void TaskRunThatSleeps_IsControlledNotADeadlock()
    {
        // A body that blocks in a way the loop cannot see (Thread.Sleep) only makes its turn long.
        int result = AsynkitLoop.Run(async () => await Task.Run(() =>
        {
            Thread.Sleep(100);
            return 7;
        }));

        result.ShouldBe(7);
    }

    [Fact]
    public void Fifo_ProgramWithPoolWork_SameTraceEveryRun()
    {
        ExplorationResult result = Explorer.Explore(ForeignPrograms.Pipeline, new ExplorationOptions { Strategy = StrategyKind.Fifo, Iterations = 1, CheckDeterminism = true });

        result.Failed.ShouldBeFalse(result.Failure?.Message);
    }

    [Fact]
    public void Exploration_ProgramWithPoolWork_EverySchedulesRunsTheSameTwice()
    {
        ExplorationResult result = Explorer.Explore(ForeignPrograms.Pipeline, new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 200, Seed = 3, CheckDeterminism = true });

        result.Failed.ShouldBeFalse(result.Failure?.Message);
        result.DistinctSchedules.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Exploration_LostUpdateBetweenTaskRunBodies_IsFoundAndItsTokenReplays()
    {
        ExplorationResult result = Explorer.Explore(ForeignPrograms.LostUpdate, new ExplorationOptions { Iterations = 2000, Seed = 1 });

        result.Failed.ShouldBeTrue();
        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldContain("lost update");
        result.Trace.ShouldNotBeNull().ShouldContain("thread-pool work");
        ExplorationResult replay = Explorer.Replay(ForeignPrograms.LostUpdate, result.ReplayToken!);
        replay.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe(result.Failure.Message);
    }

    public static TheoryData<string> LockKinds() => ["Monitor in a Task.Run body", "Lock in a Task.Run body", "Monitor in a step"];

    [Theory]
    [MemberData(nameof(LockKinds))]
    public void LockHeldByAThreadOutsideTheLoop_WaitsInPlace_NotAParkOrADeadlock(string kind)
    {
        object monitor = new();
        var gate = new Lock();
        using var held = new ManualResetEventSlim();
        Thread? waiter = null;
        var holder = new Thread(() =>
        {
            using (gate.EnterScope())
            {
                lock (monitor)
                {
                    held.Set();

                    // Release only once the loop's code is blocked on the lock (read from outside the loop, for the test only).
                    while (waiter is null || (waiter.ThreadState & ThreadState.WaitSleepJoin) == 0)
                    {
                        Thread.Yield();
                    }
                }
            }
        });
        holder.Start();
        held.Wait();

        int result = AsynkitLoop.Run(async () =>
        {
            void Enter()
            {
                waiter = Thread.CurrentThread;
                if (kind.StartsWith("Lock", StringComparison.Ordinal))
                {
                    using (gate.EnterScope())
                    {
                    }
                }
                else
                {
                    lock (monitor)
                    {
                    }
                }
            }

            if (kind.EndsWith("step", StringComparison.Ordinal))
            {
                Enter();
                return 1;
            }

            return await Task.Run(() =>
            {
                Enter();
                return 1;
            });
        });

        holder.Join();
        result.ShouldBe(1);
    }
}
