namespace Asynkit.Testing.Tests;

public sealed class FailureModeTests
{
    [Fact]
    public void Deadlock_NamesEveryBlockedTaskAndWhereItWaits()
    {
        var error = Should.Throw<DeadlockException>(() => AsynkitLoop.Run(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                var never = new TaskCompletionSource();
                LoopTask waiter = loop.CreateTask(() => WaitForeverAsync(never.Task), "waiter");
                await Task.Yield();
                await waiter;
            }));

        error.Message.ShouldContain("Deadlock");
        error.Message.ShouldContain("task 'main' (#1) blocked at");
        error.Message.ShouldContain("task 'waiter' (#2) blocked at FailureModeTests.WaitForeverAsync");
    }

    [Fact]
    public void Escape_RealTaskDelay_FailsNamingTheCallAndTheClockFix()
    {
        var error = Should.Throw<UncontrolledConcurrencyException>(() => AsynkitLoop.Run(
            async () => await Task.Delay(200)));

        error.Message.ShouldContain("the run depends on real time");
        error.Message.ShouldContain("Task.Delay(200 ms) without a TimeProvider");
        error.Message.ShouldContain("Task.Delay(delay, loop.Clock)");
        error.Message.ShouldContain("FailureModeTests");
    }

    [Fact]
    public void Escape_SystemThreadingTimer_FailsNamingTimer()
    {
        var error = Should.Throw<UncontrolledConcurrencyException>(() => AsynkitLoop.Run(
            async () =>
            {
                var fired = new TaskCompletionSource();
                using var timer = new Timer(_ => fired.TrySetResult(), null, 200, Timeout.Infinite);
                await fired.Task;
            }));

        error.Message.ShouldContain("a System.Threading.Timer (200 ms)");
        error.Message.ShouldContain("loop.Clock.CreateTimer");
    }

    [Fact]
    public void Escape_PolicyWait_RunCompletesAndIsMarkedNonDeterministic()
    {
        using var loop = new AsynkitLoop(new LoopOptions { Escapes = EscapePolicy.Wait });
        int result = loop.RunUntilComplete(async () =>
        {
            await Task.Delay(20);
            return 42;
        });
        result.ShouldBe(42);
        loop.IsDeterministic.ShouldBeFalse();
    }

    [Fact]
    public void Escape_PolicyWaitAndDeadlock_FailsWhenTheWallClockBudgetRunsOut()
    {
        var error = Should.Throw<LoopBudgetExceededException>(() => AsynkitLoop.Run(
            () => new TaskCompletionSource().Task,
            new LoopOptions { Escapes = EscapePolicy.Wait, WallClockTimeout = TimeSpan.FromMilliseconds(50) }));

        error.Message.ShouldContain("waiting for work from other threads");
        error.Message.ShouldContain("task 'main' (#1) blocked at");
    }

    [Fact]
    public void MaxSteps_Livelock_FailsWithBudgetErrorNamingTheTasks()
    {
        var error = Should.Throw<LoopBudgetExceededException>(() => AsynkitLoop.Run(
            async () =>
            {
                _ = AsynkitLoop.Current!.CreateTask(SpinAsync, "spinner");
                await SpinAsync();
            },
            new LoopOptions { MaxSteps = 10_000 }));

        error.Message.ShouldContain("MaxSteps (10,000 steps)");
        error.Message.ShouldContain("'spinner'");
    }

    [Fact]
    public void WallClockWatchdog_RunawayLoop_FailsWithBudgetError()
    {
        var error = Should.Throw<LoopBudgetExceededException>(() => AsynkitLoop.Run(
            SpinAsync,
            new LoopOptions { MaxSteps = 0, WallClockTimeout = TimeSpan.FromMilliseconds(100) }));

        error.Message.ShouldContain("WallClockTimeout");
        error.IsWallClock.ShouldBeTrue();
    }

    [Fact]
    public void Scheduling_OutsideLoop_ThrowsInvalidOperationNamingTheMember()
    {
        Should.Throw<InvalidOperationException>(() => Scheduling.SleepInsert(1)).Message.ShouldContain("Scheduling.SleepInsert must be called on a running AsynkitLoop");
        Should.Throw<InvalidOperationException>(() => Scheduling.Sleep(TimeSpan.Zero));
        Should.Throw<InvalidOperationException>(() => Scheduling.RunnableTasks());
        Should.Throw<InvalidOperationException>(() => Scheduling.BlockedTasks());
    }

    [Fact]
    public void LoopObjects_FromAThreadTheLoopDoesNotOwn_ThrowThereAndFailTheRunAsAnEscape()
    {
        Exception? seen = null;
        using var done = new ManualResetEventSlim();
        var error = Should.Throw<UncontrolledConcurrencyException>(() => AsynkitLoop.Run(
            () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                using (ExecutionContext.SuppressFlow())
                {
                    new Thread(() =>
                    {
                        try
                        {
                            loop.CreateTask(() => Task.CompletedTask);
                        }
                        catch (InvalidOperationException ex)
                        {
                            seen = ex;
                        }

                        done.Set();
                    }).Start();
                }

                // A wait with a timeout, which nothing on the loop can end: it waits in real time, until the thread is done.
                done.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
                return Task.CompletedTask;
            }));

        seen.ShouldNotBeNull().Message.ShouldContain("can only be used on the loop's thread");
        error.Message.ShouldContain("Uncontrolled concurrency");
        error.Message.ShouldContain("CreateTask was called on the loop from thread");
    }

    [Fact]
    public void Join_AThreadTheLoopDoesNotOwn_IsAnEscapeNamingTheJoin()
    {
        using var go = new ManualResetEventSlim();
        Thread? thread = null;
        var error = Should.Throw<UncontrolledConcurrencyException>(() => AsynkitLoop.Run(
            () =>
            {
                using (ExecutionContext.SuppressFlow())
                {
                    thread = new Thread(() => go.Wait());
                    thread.Start();
                }

                thread.Join();
                return Task.CompletedTask;
            }));

        go.Set();
        thread!.Join();
        error.Message.ShouldContain("joins a thread the loop does not own");
        error.Message.ShouldContain("FailureModeTests.Join_AThreadTheLoopDoesNotOwn_IsAnEscapeNamingTheJoin");
    }

    [Fact]
    public void InvalidOptions_ThrowArgumentOutOfRangeNamingTheOption()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new AsynkitLoop(new LoopOptions { MaxSteps = -1 })).ParamName.ShouldBe("MaxSteps");
        Should.Throw<ArgumentOutOfRangeException>(() => new AsynkitLoop(new LoopOptions { WallClockTimeout = TimeSpan.FromSeconds(-2) })).ParamName.ShouldBe("WallClockTimeout");
    }

    [Fact]
    public void FailedLoop_Reused_ThrowsInvalidOperation()
    {
        using var loop = new AsynkitLoop();
        Should.Throw<DeadlockException>(() => loop.RunUntilComplete(() => new TaskCompletionSource().Task));
        Should.Throw<InvalidOperationException>(() => loop.RunUntilComplete(() => Task.CompletedTask)).Message.ShouldContain("create a new loop");
    }

    public static TheoryData<string> FailureKinds() => ["deadlock", "escape", "livelock", "main throws", "strategy out of range", "bad position"];

    [Theory]
    [MemberData(nameof(FailureKinds))]
    public void AfterAnyFailure_NextRunOnSameThreadWorks(string kind)
    {
        var options = new LoopOptions { MaxSteps = 1000 };
        if (kind == "strategy out of range")
        {
            options.Strategy = new FixedStrategy(99);
        }

        SynchronizationContext? before = SynchronizationContext.Current;
        Should.Throw<Exception>(() => AsynkitLoop.Run(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                switch (kind)
                {
                    case "deadlock":
                        await new TaskCompletionSource().Task;
                        break;
                    case "escape":
                        await Task.Delay(50);
                        break;
                    case "livelock":
                        await SpinAsync();
                        break;
                    case "main throws":
                        throw new InvalidDataException();
                    case "strategy out of range":
                        _ = loop.CreateTask(() => Task.CompletedTask);
                        await Task.Yield();
                        break;
                    default:
                        loop.ReadyPop(5);
                        break;
                }
            },
            options));

        AsynkitLoop.Current.ShouldBeNull();
        SynchronizationContext.Current.ShouldBe(before);
        var log = new List<int>();
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(async () =>
            {
                log.Add(1);
                await Task.Yield();
                log.Add(3);
            });
            await Task.Yield();
            log.Add(2);
            await task;
        });
        log.ShouldBe([1, 2, 3]);
    }

    private static async Task WaitForeverAsync(Task never) => await never;

    private static async Task SpinAsync()
    {
        while (true)
        {
            await Task.Yield();
        }
    }

    private sealed class FixedStrategy(int choice) : IScheduleStrategy
    {
        public int Choose(in ChoicePoint point) => choice;
    }
}
