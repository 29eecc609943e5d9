namespace Asynkit.Testing.Tests;

public sealed class FailureModeTests
{
    // Escapes are detected by a post from a foreign thread; a long grace period only bounds the wait, it does not lengthen it.
    private static readonly LoopOptions s_patient = new() { IdleGracePeriod = TimeSpan.FromSeconds(30) };

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
            },
            new LoopOptions { IdleGracePeriod = TimeSpan.Zero }));

        error.Message.ShouldContain("Deadlock");
        error.Message.ShouldContain("task 'main' (#1) blocked at");
        error.Message.ShouldContain("task 'waiter' (#2) blocked at FailureModeTests.WaitForeverAsync");
    }

    [Fact]
    public void Escape_AwaitTaskRun_FailsWithOriginAndFix()
    {
        var error = Should.Throw<UncontrolledConcurrencyException>(() => AsynkitLoop.Run(
            async () => await GatedTaskRun(42),
            s_patient));

        error.Message.ShouldContain("task 'main' (#1) was resumed from thread-pool thread");
        error.Message.ShouldContain("thread-pool work");
        error.Message.ShouldContain("loop.CreateTask");
    }

    [Fact]
    public void Escape_RealTaskDelay_FailsNamingTimerAndClockFix()
    {
        var error = Should.Throw<UncontrolledConcurrencyException>(() => AsynkitLoop.Run(
            async () => await Task.Delay(200), // long enough to be awaited (and so escape) even on a stalled machine
            s_patient));

        error.Message.ShouldContain("real-time timer");
        error.Message.ShouldContain("Task.Delay(t, loop.Clock)");
    }

    [Fact]
    public void Escape_ConfigureAwaitFalseHop_FailsNamingConfigureAwait()
    {
        var error = Should.Throw<UncontrolledConcurrencyException>(() => AsynkitLoop.Run(
            async () =>
            {
                await HopToThreadPoolAsync();
                await Task.Yield();
            },
            s_patient));

        error.Message.ShouldContain("ConfigureAwait(false)");
        error.Message.ShouldContain("HopToThreadPoolAsync");
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
            },
            s_patient));

        error.Message.ShouldContain("System.Threading.Timer");
    }

    [Fact]
    public void Escape_PolicyWait_RunCompletesAndIsMarkedNonDeterministic()
    {
        using var loop = new AsynkitLoop(new LoopOptions { Escapes = EscapePolicy.Wait });
        int result = loop.RunUntilComplete(async () => await GatedTaskRun(42));
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
    public void LoopObjects_FromAnotherThread_ThrowInvalidOperation()
    {
        var error = Should.Throw<UncontrolledConcurrencyException>(() => AsynkitLoop.Run(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                Exception? seen = null;
                var thread = new Thread(() =>
                {
                    try
                    {
                        loop.CreateTask(() => Task.CompletedTask);
                    }
                    catch (InvalidOperationException ex)
                    {
                        seen = ex;
                    }
                });
                thread.Start();
                thread.Join();
                seen.ShouldNotBeNull().Message.ShouldContain("can only be used on the loop's thread");
                await Task.Yield();
            },
            s_patient));

        error.Message.ShouldContain("Uncontrolled concurrency");
    }

    [Fact]
    public void InvalidOptions_ThrowArgumentOutOfRangeNamingTheOption()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new AsynkitLoop(new LoopOptions { MaxSteps = -1 })).ParamName.ShouldBe("MaxSteps");
        Should.Throw<ArgumentOutOfRangeException>(() => new AsynkitLoop(new LoopOptions { IdleGracePeriod = TimeSpan.FromSeconds(-2) })).ParamName.ShouldBe("IdleGracePeriod");
        Should.Throw<ArgumentOutOfRangeException>(() => new AsynkitLoop(new LoopOptions { WallClockTimeout = TimeSpan.FromSeconds(-2) })).ParamName.ShouldBe("WallClockTimeout");
    }

    [Fact]
    public void FailedLoop_Reused_ThrowsInvalidOperation()
    {
        using var loop = new AsynkitLoop(new LoopOptions { IdleGracePeriod = TimeSpan.Zero });
        Should.Throw<DeadlockException>(() => loop.RunUntilComplete(() => new TaskCompletionSource().Task));
        Should.Throw<InvalidOperationException>(() => loop.RunUntilComplete(() => Task.CompletedTask)).Message.ShouldContain("create a new loop");
    }

    public static TheoryData<string> FailureKinds() => ["deadlock", "escape", "livelock", "main throws", "strategy out of range", "bad position"];

    [Theory]
    [MemberData(nameof(FailureKinds))]
    public void AfterAnyFailure_NextRunOnSameThreadWorks(string kind)
    {
        var options = new LoopOptions { IdleGracePeriod = kind == "escape" ? TimeSpan.FromSeconds(30) : TimeSpan.Zero, MaxSteps = 1000 };
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
                        await GatedTaskRun(0);
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

    /// <summary>A Task.Run that cannot finish before the caller has awaited it: it waits for a callback that runs only once the
    /// caller's step is over. So the continuation always comes back from the thread pool, however loaded the machine.</summary>
    private static Task<int> GatedTaskRun(int value)
    {
        var go = new ManualResetEventSlim();
        AsynkitLoop.Current!.CallSoon(go.Set);
        return Task.Run(() =>
        {
            go.Wait();
            go.Dispose();
            return value;
        });
    }

    private static async Task SpinAsync()
    {
        while (true)
        {
            await Task.Yield();
        }
    }

    private static async Task HopToThreadPoolAsync()
    {
        // ForceYielding + ConfigureAwait(false): the rest of this method runs on the thread pool.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
    }

    private sealed class FixedStrategy(int choice) : IScheduleStrategy
    {
        public int Choose(in ChoicePoint point) => choice;
    }
}
