using Asynkit.Examples.Monitors;
using Asynkit.Testing.Faults;
using Asynkit.Testing.Tests.Monitors;

namespace Asynkit.Testing.Tests.Faults;

public sealed class FaultPlanTests
{
    [Fact]
    public void Point_NoPlan_CompletesAtOnceInAndOutsideALoop()
    {
        FaultPoints.Point("db.write").IsCompletedSuccessfully.ShouldBeTrue();
        AsynkitLoop.Run(() =>
        {
            FaultPoints.Current.ShouldBeNull();
            FaultPoints.Point("db.write").IsCompletedSuccessfully.ShouldBeTrue();
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Point_EmptyName_ArgumentException()
    {
        Should.Throw<ArgumentException>(() => FaultPoints.Point(""));
        Should.Throw<ArgumentNullException>(() => FaultPoints.Point(null!));
    }

    [Fact]
    public void Nth_SecondCall_FiresExactlyOnceAtThatCall()
    {
        var outcomes = new List<string>();
        IReadOnlyList<FaultInjection> injections = AsynkitLoop.Run(async () =>
        {
            var error = new IOException("disk full");
            using FaultSession session = FaultPoints.Activate(new FaultPlan().On("db.write").Nth(2).Throw(error));
            for (int i = 1; i <= 5; i++)
            {
                try
                {
                    await FaultPoints.Point("db.write");
                    await FaultPoints.Point("db.read");
                    outcomes.Add($"{i}: ok");
                }
                catch (IOException ex)
                {
                    ex.ShouldBeSameAs(error);
                    outcomes.Add($"{i}: {ex.Message}");
                }
            }

            session.CallCount("db.write").ShouldBe(5);
            session.CallCount("db.read").ShouldBe(4);
            return session.Injections;
        });

        outcomes.ShouldBe(["1: ok", "2: disk full", "3: ok", "4: ok", "5: ok"]);
        injections.Count.ShouldBe(1);
        injections[0].Point.ShouldBe("db.write");
        injections[0].Call.ShouldBe(2);
        injections[0].Action.Kind.ShouldBe(FaultKind.Throw);
        injections[0].TaskName.ShouldBe("main");
    }

    [Fact]
    public void Nth_CountsPerRun_FreshLoopStartsFromOne()
    {
        FaultPlan plan = new FaultPlan().On("p").Nth(1).Throw(() => new IOException("first"));
        for (int run = 0; run < 2; run++)
        {
            IOException error = Should.Throw<IOException>(() => AsynkitLoop.Run(async () =>
            {
                using FaultSession session = FaultPoints.Activate(plan);
                await FaultPoints.Point("p");
            }));
            error.Message.ShouldBe("first");
        }
    }

    [Fact]
    public void TimesAfterWhen_SelectCalls()
    {
        var failed = new List<int>();
        AsynkitLoop.Run(async () =>
        {
            FaultPlan plan = new FaultPlan()
                .On("p").After(1).Times(2).Throw<IOException>()
                .On("p").When(c => c.Call == 6).Throw(() => new IOException("sixth"));
            using FaultSession session = FaultPoints.Activate(plan);
            for (int i = 1; i <= 7; i++)
            {
                try
                {
                    await FaultPoints.Point("p");
                }
                catch (IOException)
                {
                    failed.Add(i);
                }
            }
        });

        failed.ShouldBe([2, 3, 6]);
    }

    [Fact]
    public void Delay_WaitsInVirtualTime()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            using FaultSession session = FaultPoints.Activate(new FaultPlan().On("db.read").Delay(TimeSpan.FromMinutes(5)));
            Task slow = FaultPoints.Point("db.read");
            slow.IsCompleted.ShouldBeFalse();
            await slow;
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromMinutes(5));
            session.Injections.Single().Action.Delay.ShouldBe(TimeSpan.FromMinutes(5));
        });
    }

    [Fact]
    public void Cancel_ThrowsOperationCanceled()
    {
        // Caught inside the loop: a main that ends cancelled comes out of AsynkitLoop.Run as a plain TaskCanceledException.
        string message = AsynkitLoop.Run(async () =>
        {
            using FaultSession session = FaultPoints.Activate(new FaultPlan().On("rpc").Cancel());
            OperationCanceledException error = await Awaited.ThrowsAsync<OperationCanceledException>(() => FaultPoints.Point("rpc"));
            return error.Message;
        });

        message.ShouldContain("rpc #1");
    }

    [Fact]
    public void Pause_PointSendsItsCallToTheMonitor_TestResumesOrFails()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            var monitor = new OobMonitor();
            using FaultSession session = FaultPoints.Activate(new FaultPlan().On("db.write").Pause(monitor));
            var repository = new FakeRepository();
            var cache = new WriteBehindCache(repository);
            cache.Add("a");
            BoundMonitor<object?> flush = monitor.Bind(cache.FlushAsync);
            var call = (FaultPointCall)(await flush.StartAsync())!;
            log.Add($"paused at {call}");
            cache.Add("b");
            await flush.ThrowAsync(new IOException());
            log.Add($"pending {string.Join(",", cache.Pending)}");

            cache.Add("c");
            BoundMonitor<object?> retry = monitor.Bind(cache.FlushAsync);
            log.Add($"paused at {(FaultPointCall)(await retry.StartAsync())!}");
            await retry.AwaitAsync();
            log.Add($"rows {string.Join(",", repository.Rows)}");
        });

        log.ShouldBe(["paused at db.write #1", "pending a,b", "paused at db.write #2", "rows a,b,c"]);
    }

    [Fact]
    public void Activate_OutsideLoop_InvalidOperation()
    {
        Should.Throw<InvalidOperationException>(() => FaultPoints.Activate(new FaultPlan())).Message.ShouldContain("FaultPoints.Attach");
    }

    [Fact]
    public void Activate_Twice_InvalidOperation_DisposeDeactivates()
    {
        AsynkitLoop.Run(async () =>
        {
            FaultSession first = FaultPoints.Activate(new FaultPlan().On("p").Throw<IOException>());
            Should.Throw<InvalidOperationException>(() => FaultPoints.Activate(new FaultPlan())).Message.ShouldContain("already active");
            FaultPoints.Current.ShouldBeSameAs(first);
            first.Dispose();
            first.IsActive.ShouldBeFalse();
            FaultPoints.Current.ShouldBeNull();
            await FaultPoints.Point("p");
            using FaultSession second = FaultPoints.Activate(new FaultPlan());
            FaultPoints.Current.ShouldBeSameAs(second);
        });
    }

    [Fact]
    public void Attach_RuleWithoutAction_InvalidOperation()
    {
        var plan = new FaultPlan();
        plan.On("db.write").Nth(1);
        using var loop = new AsynkitLoop();
        Should.Throw<InvalidOperationException>(() => FaultPoints.Attach(loop, plan)).Message.ShouldContain("On(\"db.write\") has no action");
    }

    [Fact]
    public void Rule_SecondAction_InvalidOperation()
    {
        var plan = new FaultPlan();
        FaultRule rule = plan.On("p");
        rule.Cancel();
        Should.Throw<InvalidOperationException>(() => rule.Throw<IOException>());
    }

    [Fact]
    public void Selectors_BadArguments_Throw()
    {
        FaultRule rule = new FaultPlan().On("p");
        Should.Throw<ArgumentOutOfRangeException>(() => rule.Nth(0));
        Should.Throw<ArgumentOutOfRangeException>(() => rule.Times(0));
        Should.Throw<ArgumentOutOfRangeException>(() => rule.After(-1));
        Should.Throw<ArgumentOutOfRangeException>(() => rule.Delay(TimeSpan.FromSeconds(-1)));
        Should.Throw<ArgumentException>(() => new FaultPlan().On(""));
    }
}
