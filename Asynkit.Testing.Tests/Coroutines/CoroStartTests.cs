namespace Asynkit.Testing.Tests.Coroutines;

using Scheduling = Asynkit.Testing.Scheduling;

public sealed class CoroStartTests
{
    private static AsynkitLoop Loop => AsynkitLoop.Current!;

    // asynkit's TestCoroStart.coro1 / coro1_nb / coro2.
    private static Func<Task<List<object>>> Coro1(List<object> log, bool block) => async () =>
    {
        log.Add(1);
        if (block)
        {
            await Scheduling.Sleep(TimeSpan.FromMilliseconds(10));
        }

        log.Add(2);
        return log;
    };

    private static async Task<List<object>> Coro2()
    {
        await Task.CompletedTask;
        throw new DivideByZeroException();
    }

    private static object[] Expected(bool block) => block ? [1, "a", 2] : [1, 2, "a"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Start_AutoStartFalse_StartsOnlyWhenAsked(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var log = new List<object>();
            var cs = new CoroStart<List<object>>(Coro1(log, block), autoStart: false);
            log.ShouldBeEmpty();
            cs.State.ShouldBe(LoopTaskState.New);
            cs.IsDone.ShouldBeFalse();
            cs.IsPending.ShouldBeFalse();
            bool done = cs.Start();
            done.ShouldBe(!block);
            cs.IsDone.ShouldBe(!block);
            cs.IsPending.ShouldBe(block);
            cs.State.ShouldBe(block ? LoopTaskState.Suspended : LoopTaskState.Finished);
            log.ShouldBe(block ? new object[] { 1 } : new object[] { 1, 2 });
            Should.Throw<InvalidOperationException>(() => cs.Start()).Message.ShouldContain("already been started");
            await cs;
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GetAwaiter_Await_ResultInAsynkitOrder(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var log = new List<object>();
            var cs = new CoroStart<List<object>>(Coro1(log, block));
            log.Add("a");
            (await cs).ShouldBe(Expected(block));
            log.ShouldBe(Expected(block));
            cs.IsContinued.ShouldBeTrue();
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GetAwaiter_AwaitTwice_CannotReuse(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var log = new List<object>();
            var cs = new CoroStart<List<object>>(Coro1(log, block));
            log.Add("a");
            (await cs).ShouldBe(Expected(block));
            InvalidOperationException error = await LoopAssert.ThrowsAsync<InvalidOperationException>(async () => await cs);
            error.Message.ShouldContain("cannot reuse already awaited coroutine");
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Close_Twice_ThenAwaitCannotReuse(bool block)
    {
        var log = new List<object>();
        AsynkitLoop.Run(async () =>
        {
            var cs = new CoroStart<List<object>>(Coro1(log, block));
            log.Add("a");
            cs.Close();
            cs.Close();
            cs.IsContinued.ShouldBeTrue();
            InvalidOperationException error = await LoopAssert.ThrowsAsync<InvalidOperationException>(async () => await cs);
            error.Message.ShouldContain("cannot reuse already");
            await Scheduling.Sleep(TimeSpan.FromSeconds(1));
        });

        // A closed coroutine never resumes (.NET cannot run its finally blocks; it is abandoned).
        log.ShouldBe(block ? new object[] { 1, "a" } : new object[] { 1, 2, "a" });
    }

    [Fact]
    public void AsCoroutine_StartFailed_RethrowsTheException()
    {
        AsynkitLoop.Run(async () =>
        {
            var cs = new CoroStart<List<object>>(Coro2);
            cs.IsDone.ShouldBeTrue();
            await LoopAssert.ThrowsAsync<DivideByZeroException>(cs.AsCoroutine);
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AsCoroutine_AwaitedLater_RunsContinuation(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var log = new List<object>();
            var cs = new CoroStart<List<object>>(Coro1(log, block));
            Task<List<object>> cr = cs.AsCoroutine();
            log.Add("a");
            await cr;
            log.ShouldBe(Expected(block));
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AsFuture_OnlyWhenDone(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var log = new List<object>();
            var cs = new CoroStart<List<object>>(Coro1(log, block));
            log.Add("a");
            if (block)
            {
                Should.Throw<InvalidOperationException>(() => cs.AsFuture()).Message.ShouldContain("not done");
                (await cs).ShouldBe(Expected(block));
            }
            else
            {
                Task<List<object>> future = cs.AsFuture();
                future.IsCompletedSuccessfully.ShouldBeTrue();
                (await future).ShouldBe(Expected(block));
            }
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AsAwaitable_DoneGivesFuture_PendingGivesCoroutine(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var log = new List<object>();
            var cs = new CoroStart<List<object>>(Coro1(log, block));
            log.Add("a");
            Task<List<object>> awaitable = cs.AsAwaitable();
            awaitable.IsCompleted.ShouldBe(!block);
            cs.IsContinued.ShouldBe(block); // as_future does not continue the coroutine; as_coroutine does
            (await awaitable).ShouldBe(Expected(block));
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Result_NotDoneThrows_DoneReturnsOrRethrows(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var log = new List<object>();
            var cs = new CoroStart<List<object>>(Coro1(log, block));
            if (block)
            {
                cs.IsDone.ShouldBeFalse();
                Should.Throw<InvalidOperationException>(() => cs.Result).Message.ShouldContain("not done");
                await cs;
            }
            else
            {
                cs.Result.ShouldBeSameAs(log);
            }

            var failed = new CoroStart<List<object>>(Coro2);
            failed.IsDone.ShouldBeTrue();
            Should.Throw<DivideByZeroException>(() => failed.Result);
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Exception_NotDoneThrows_DoneGivesException(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var cs = new CoroStart(async () =>
            {
                if (block)
                {
                    await Scheduling.Sleep(TimeSpan.FromMilliseconds(10));
                }

                throw new DivideByZeroException();
            });
            if (block)
            {
                cs.IsDone.ShouldBeFalse();
                Should.Throw<InvalidOperationException>(() => cs.Exception);
                await LoopAssert.ThrowsAsync<DivideByZeroException>(cs.AsCoroutine);
            }
            else
            {
                cs.Exception.ShouldBeOfType<DivideByZeroException>();
                Should.Throw<DivideByZeroException>(cs.GetResult);
            }
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Constructor_ExecutionContext_CoroutineRunsInIt(bool block)
    {
        var local = new AsyncLocal<string>();
        AsynkitLoop.Run(async () =>
        {
            local.Value = "outer";
            ExecutionContext context = ContextWith(local, "helper");
            var cs = new CoroStart<string?>(
                async () =>
                {
                    if (block)
                    {
                        await Task.Yield();
                    }

                    string? seen = local.Value;
                    local.Value = "changed";
                    return seen;
                },
                context);
            (await cs.AsAwaitable()).ShouldBe("helper");
            local.Value.ShouldBe("outer");
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CoroAwait_PrivateContext_ChangesStayInside(bool block)
    {
        // asynkit's TestContext.test_private_context; .NET ExecutionContexts are immutable, so the given context is not changed
        // either (asynkit's would be), and without a context the caller's values do not change (asynkit's would).
        var local = new AsyncLocal<string>();
        AsynkitLoop.Run(async () =>
        {
            local.Value = "bar";
            ExecutionContext context = ContextWith(local, "ctx");
            string? seen = await Coro.Await(
                async () =>
                {
                    string? before = local.Value;
                    local.Value = "foo";
                    if (block)
                    {
                        await Task.Yield();
                    }

                    local.Value.ShouldBe("foo");
                    return before;
                },
                context);
            seen.ShouldBe("ctx");
            local.Value.ShouldBe("bar");
            await Coro.Await(async () =>
            {
                local.Value = "foo";
                await Task.Yield();
            });
            local.Value.ShouldBe("bar");
        });
    }

    [Fact]
    public void Pending_WhatItAwaitsCompletes_DoesNotResumeUntilAwaited()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            var gate = new TaskCompletionSource();
            var cs = new CoroStart<string>(async () =>
            {
                log.Add($"start in {Loop.CurrentTask!.Name}");
                await gate.Task;
                log.Add($"resumed in {Loop.CurrentTask!.Name}");
                await Task.Yield();
                log.Add($"ends in {Loop.CurrentTask!.Name}");
                return "done";
            });
            gate.SetResult();
            for (int i = 0; i < 5; i++)
            {
                await Task.Yield();
            }

            log.ShouldBe(["start in main"]);
            cs.IsPending.ShouldBeTrue();
            LoopTask driver = Loop.CreateTask(async () => (await cs.AsCoroutine()).ShouldBe("done"), "driver");
            await driver;
        });

        log.ShouldBe(["start in main", "resumed in driver", "ends in driver"]);
    }

    [Fact]
    public void Pending_NobodyAwaits_NeverResumes()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            var cs = new CoroStart(async () =>
            {
                log.Add("start");
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                log.Add("resumed");
            });
            await Scheduling.Sleep(TimeSpan.FromSeconds(10));
            cs.IsPending.ShouldBeTrue();
            cs.State.ShouldBe(LoopTaskState.Suspended);
        });

        log.ShouldBe(["start"]);
    }

    [Fact]
    public void AsCoroutine_BeforeStart_WaitsForStart()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            var cs = new CoroStart<int>(
                async () =>
                {
                    log.Add($"start in {Loop.CurrentTask!.Name}");
                    await Task.Yield();
                    log.Add($"resumed in {Loop.CurrentTask!.Name}");
                    return 7;
                },
                autoStart: false);
            LoopTask<int> task = Loop.CreateTask(cs.AsCoroutine, "awaiter");
            await Task.Yield();
            log.ShouldBeEmpty();
            cs.Start().ShouldBeFalse();
            (await task).ShouldBe(7);
        });

        log.ShouldBe(["start in main", "resumed in awaiter"]);
    }

    [Fact]
    public void Close_WithToken_CoroutineCleansUpSynchronously()
    {
        AsynkitLoop.Run(async () =>
        {
            var stages = new List<string>();
            var cs = new CoroStart(async token =>
            {
                try
                {
                    stages.Add("waiting");
                    await Task.Delay(TimeSpan.FromHours(1), Loop.Clock, token);
                }
                finally
                {
                    stages.Add("cleanup");
                }
            });
            cs.IsPending.ShouldBeTrue();
            cs.Close();
            stages.ShouldBe(["waiting", "cleanup"]);
            cs.IsContinued.ShouldBeTrue();
            cs.State.ShouldBe(LoopTaskState.Finished);
            await Task.Yield();
        });
    }

    [Fact]
    public void Close_WithTokenCoroutineAwaitsAgain_ThrowsIgnored()
    {
        AsynkitLoop.Run(async () =>
        {
            var stages = new List<int>();
            var cs = new CoroStart(async token =>
            {
                try
                {
                    stages.Add(1);
                    await Task.Delay(TimeSpan.FromHours(1), Loop.Clock, token);
                }
                finally
                {
                    stages.Add(2);
                    await Task.Yield();
                    stages.Add(3);
                }
            });
            InvalidOperationException error = Should.Throw<InvalidOperationException>(cs.Close);
            error.Message.ShouldContain("ignored the close request");
            stages.ShouldBe([1, 2]);
            await Task.Yield();
            stages.ShouldBe([1, 2]);
        });
    }

    [Fact]
    public void CloseAsync_WithToken_LetsCoroutineCleanUpAsynchronously()
    {
        AsynkitLoop.Run(async () =>
        {
            var stages = new List<int>();
            var cs = new CoroStart(async token =>
            {
                try
                {
                    stages.Add(1);
                    await Task.Delay(TimeSpan.FromHours(1), Loop.Clock, token);
                }
                finally
                {
                    stages.Add(2);
                    await Task.Yield();
                    stages.Add(3);
                }
            });
            await cs.CloseAsync();
            stages.ShouldBe([1, 2, 3]);
            Loop.Clock.Elapsed.ShouldBe(TimeSpan.Zero);
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DisposeAsync_AwaitUsing_ClosesUnawaitedCoroutine(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            bool cancelled = false;
            await using (var cs = new CoroStart<int>(async token =>
            {
                try
                {
                    if (block)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), Loop.Clock, token);
                    }

                    return 1;
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                    throw;
                }
            }))
            {
                cs.IsDone.ShouldBe(!block);
            }

            cancelled.ShouldBe(block);
        });
    }

    [Fact]
    public void SuspendedAt_PendingCoroutine_NamesItsMethod()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new TaskCompletionSource();
            var cs = new CoroStart(() => WaitAtGate(gate.Task));
            cs.SuspendedAt.ShouldNotBeNull().ShouldStartWith("CoroStartTests.WaitAtGate");
            gate.SetResult();
            await cs;
            cs.SuspendedAt.ShouldBeNull();
            cs.State.ShouldBe(LoopTaskState.Finished);
        });
    }

    private static async Task WaitAtGate(Task gate) => await gate;

    private static ExecutionContext ContextWith(AsyncLocal<string> local, string value)
    {
        ExecutionContext? captured = null;
        ExecutionContext.Run(
            ExecutionContext.Capture()!,
            _ =>
            {
                local.Value = value;
                captured = ExecutionContext.Capture();
            },
            null);
        return captured!;
    }
}
