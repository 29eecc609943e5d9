namespace Asynkit.Testing.Tests;

public sealed class VirtualClockTests
{
    [Fact]
    public void TaskDelay_OnClock_AdvancesExactlyAndInstantly()
    {
        TimeSpan elapsed = AsynkitLoop.Run(async () =>
        {
            VirtualClock clock = AsynkitLoop.Current!.Clock;
            DateTimeOffset start = clock.GetUtcNow();
            await Task.Delay(TimeSpan.FromHours(5), clock);
            (clock.GetUtcNow() - start).ShouldBe(TimeSpan.FromHours(5));
            return clock.Elapsed;
        });

        elapsed.ShouldBe(TimeSpan.FromHours(5));
    }

    [Fact]
    public void Clock_StartsAtClockStartOption()
    {
        var start = new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero);
        AsynkitLoop.Run(
            () =>
            {
                AsynkitLoop.Current!.Clock.GetUtcNow().ShouldBe(start);
                AsynkitLoop.Current!.Clock.GetTimestamp().ShouldBe(0);
                return Task.CompletedTask;
            },
            new LoopOptions { ClockStart = start });
    }

    [Fact]
    public void Timers_SameDueTime_FireInCreationOrder()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var tasks = new List<Task>();
            foreach ((string name, int seconds) in new[] { ("c", 2), ("a", 1), ("d", 2), ("b", 1), ("e", 2) })
            {
                tasks.Add(loop.CreateTask(async () =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(seconds), loop.Clock);
                    log.Add(name);
                }).Task);
            }

            await Task.WhenAll(tasks);
        });

        log.ShouldBe(["a", "b", "c", "d", "e"]);
    }

    [Fact]
    public void Time_StandsStillWhileWorkIsReady()
    {
        var wokeAt = new List<TimeSpan>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask sleeper = loop.CreateTask(async () =>
            {
                await Scheduling.Sleep(TimeSpan.FromMilliseconds(1));
                wokeAt.Add(loop.Clock.Elapsed);
            });
            for (int i = 0; i < 1000; i++)
            {
                await Task.Yield();
                loop.Clock.Elapsed.ShouldBe(TimeSpan.Zero);
            }

            wokeAt.ShouldBeEmpty();
            await sleeper;
        });

        wokeAt.ShouldBe([TimeSpan.FromMilliseconds(1)]);
    }

    [Fact]
    public void CancellationTokenSource_OnClock_CancelsAtVirtualTime()
    {
        AsynkitLoop.Run(async () =>
        {
            VirtualClock clock = AsynkitLoop.Current!.Clock;
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3), clock);
            TimeSpan cancelledAt = TimeSpan.Zero;
            cts.Token.Register(() => cancelledAt = clock.Elapsed);
            try
            {
                await Task.Delay(TimeSpan.FromHours(1), clock, cts.Token);
                throw new ShouldAssertException("the delay should have been cancelled");
            }
            catch (OperationCanceledException)
            {
            }

            cancelledAt.ShouldBe(TimeSpan.FromMinutes(3));
            clock.Elapsed.ShouldBe(TimeSpan.FromMinutes(3));
        });
    }

    [Fact]
    public void PeriodicTimer_OnClock_TicksEveryPeriod()
    {
        var ticks = new List<TimeSpan>();
        AsynkitLoop.Run(async () =>
        {
            VirtualClock clock = AsynkitLoop.Current!.Clock;
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10), clock);
            for (int i = 0; i < 3; i++)
            {
                (await timer.WaitForNextTickAsync()).ShouldBeTrue();
                ticks.Add(clock.Elapsed);
            }
        });

        ticks.ShouldBe([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)]);
    }

    [Fact]
    public void CreateTimer_ChangeAndDispose_ControlFiring()
    {
        var fired = new List<(string Name, TimeSpan At)>();
        AsynkitLoop.Run(async () =>
        {
            VirtualClock clock = AsynkitLoop.Current!.Clock;
            int thread = Environment.CurrentManagedThreadId;
            ITimer moved = clock.CreateTimer(_ => fired.Add(("moved", clock.Elapsed)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
            ITimer periodic = clock.CreateTimer(
                _ =>
                {
                    Environment.CurrentManagedThreadId.ShouldBe(thread);
                    fired.Add(("periodic", clock.Elapsed));
                },
                null,
                TimeSpan.FromSeconds(2),
                TimeSpan.FromSeconds(2));
            ITimer disposed = clock.CreateTimer(_ => fired.Add(("disposed", clock.Elapsed)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
            moved.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan).ShouldBeTrue();
            disposed.Dispose();
            disposed.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan).ShouldBeFalse();
            await Scheduling.Sleep(TimeSpan.FromSeconds(6.5));
            periodic.Dispose();
            await Scheduling.Sleep(TimeSpan.FromSeconds(10));
        });

        fired.ShouldBe([("periodic", TimeSpan.FromSeconds(2)), ("periodic", TimeSpan.FromSeconds(4)), ("moved", TimeSpan.FromSeconds(5)), ("periodic", TimeSpan.FromSeconds(6))]);
    }

    [Fact]
    public void CreateTimer_NegativeDueTime_ThrowsNamingTheArgument()
    {
        AsynkitLoop.Run(() =>
        {
            var error = Should.Throw<ArgumentOutOfRangeException>(() => AsynkitLoop.Current!.Clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(-1), Timeout.InfiniteTimeSpan));
            error.ParamName.ShouldBe("dueTime");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Sleep_Positive_WakesAtVirtualTime()
    {
        TimeSpan at = AsynkitLoop.Run(async () =>
        {
            await Scheduling.Sleep(TimeSpan.FromMilliseconds(1500));
            return AsynkitLoop.Current!.Clock.Elapsed;
        });

        at.ShouldBe(TimeSpan.FromMilliseconds(1500));
    }

    [Fact]
    public void Sleep_Negative_ThrowsArgumentOutOfRange()
    {
        AsynkitLoop.Run(() =>
        {
            Should.Throw<ArgumentOutOfRangeException>(() => Scheduling.Sleep(TimeSpan.FromSeconds(-1))).ParamName.ShouldBe("delay");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Sleep_Zero_GoesToTheEndOfTheQueueLikeTaskYield()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            loop.CallSoon(() => log.Add("x"));
            loop.CallSoon(() => log.Add("y"));
            await Scheduling.Sleep(TimeSpan.Zero);
            log.Add("me");
        });

        log.ShouldBe(["x", "y", "me"]);
    }

    [Fact]
    public void Advance_Manually_FiresDueTimersAtNextTurn()
    {
        AsynkitLoop.Run(async () =>
        {
            VirtualClock clock = AsynkitLoop.Current!.Clock;
            bool fired = false;
            clock.CreateTimer(_ => fired = true, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);
            clock.Advance(TimeSpan.FromMinutes(2));
            fired.ShouldBeFalse();

            // As in asyncio, due timers join the ready queue after the items already in it.
            await Task.Yield();
            fired.ShouldBeFalse();
            await Task.Yield();
            fired.ShouldBeTrue();
            clock.Elapsed.ShouldBe(TimeSpan.FromMinutes(2));
            Should.Throw<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        });
    }

    [Fact]
    public void RetryWithBackoff_OverSimulatedDay_TakesNoWallTime()
    {
        int attempts = AsynkitLoop.Run(async () =>
        {
            VirtualClock clock = AsynkitLoop.Current!.Clock;
            TimeSpan delay = TimeSpan.FromSeconds(1);
            int tries = 0;
            while (clock.Elapsed < TimeSpan.FromDays(1))
            {
                tries++;
                await Task.Delay(delay, clock);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromHours(1).Ticks));
            }

            return tries;
        });

        // 1+2+...+2048 s = 4095 s, then hourly: ceil((86400 - 4095) / 3600) = 23 more.
        attempts.ShouldBe(12 + 23);
    }

    [Fact]
    public void MaxVirtualTime_Exceeded_FailsWithBudgetError()
    {
        var error = Should.Throw<LoopBudgetExceededException>(() => AsynkitLoop.Run(
            () => Scheduling.Sleep(TimeSpan.FromDays(2)),
            new LoopOptions { MaxVirtualTime = TimeSpan.FromDays(1) }));
        error.Message.ShouldContain("MaxVirtualTime");
    }

    [Fact]
    public void SleepingTask_Cancel_WakesWithOperationCanceled()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask sleeper = loop.CreateTask(() => Scheduling.Sleep(Timeout.InfiniteTimeSpan));
            await Task.Yield();
            Scheduling.TaskIsBlocked(sleeper).ShouldBeTrue();
            sleeper.Cancel();
            Scheduling.TaskIsRunnable(sleeper).ShouldBeTrue();
            try
            {
                await sleeper;
                throw new ShouldAssertException("expected cancellation");
            }
            catch (OperationCanceledException)
            {
            }

            loop.Clock.Elapsed.ShouldBe(TimeSpan.Zero);
        });
    }
}
