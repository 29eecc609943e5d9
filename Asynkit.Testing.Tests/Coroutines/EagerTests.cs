namespace Asynkit.Testing.Tests.Coroutines;

using Scheduling = Asynkit.Testing.Scheduling;

public sealed class EagerTests
{
    private static readonly AsyncLocal<string> s_eagerVar = new();

    private static AsynkitLoop Loop => AsynkitLoop.Current!;

    // asynkit's coro1 / coro1_nb: log 1, set the variable, maybe block, log 2.
    private static async Task Coro1(List<object> log, bool block)
    {
        log.Add(1);
        s_eagerVar.Value = "a";
        if (block)
        {
            await Task.Yield();
        }

        log.Add(2);
        s_eagerVar.Value.ShouldBe("a");
        s_eagerVar.Value = "b";
    }

    private static object[] Expected(bool block) => block ? [1, "a", 2] : [1, 2, "a"];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Eager_BlockingOrNot_RunsUntilFirstSuspension(bool block)
    {
        var log = new List<object>();
        AsynkitLoop.Run(async () =>
        {
            s_eagerVar.Value = "X";
            Task future = Coro.Eager(() => Coro1(log, block));
            log.Add("a");
            await future;
            s_eagerVar.Value.ShouldBe("X");
        });

        log.ShouldBe(Expected(block));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Eager_WithFactory_FactoryCalledOnceOnlyWhenBlocking(bool block)
    {
        var log = new List<object>();
        int calls = 0;
        string? resumedIn = null;
        AsynkitLoop.Run(async () =>
        {
            s_eagerVar.Value = "X";
            Task future = Coro.Eager(
                async () =>
                {
                    await Coro1(log, block);
                    resumedIn = Loop.CurrentTask!.Name;
                },
                continuation =>
                {
                    calls++;
                    return Loop.CreateTask(continuation, "bob").Task;
                });
            calls.ShouldBe(block ? 1 : 0);
            log.Add("a");
            await future;
            s_eagerVar.Value.ShouldBe("X");
        });

        log.ShouldBe(Expected(block));
        calls.ShouldBe(block ? 1 : 0);
        if (block)
        {
            resumedIn.ShouldBe("bob");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Eager_Exception_StaysOnReturnedTask(bool block)
    {
        var log = new List<object>();
        AsynkitLoop.Run(async () =>
        {
            Task<int> awaitable = Coro.Eager(async () =>
            {
                log.Add(1);
                if (block)
                {
                    await Task.Yield();
                }

                log.Add(2);
                throw new InvalidOperationException("foo");
#pragma warning disable CS0162 // Unreachable code: the lambda must return int.
                return 0;
#pragma warning restore CS0162
            });
            log.ShouldBe(block ? new object[] { 1 } : new object[] { 1, 2 });
            awaitable.IsFaulted.ShouldBe(!block);
            try
            {
                await awaitable;
                throw new ShouldAssertException("the eager task should have thrown");
            }
            catch (InvalidOperationException ex)
            {
                ex.Message.ShouldBe("foo");
            }

            log.ShouldBe(new object[] { 1, 2 });
        });
    }

    [Fact]
    public void Eager_BodyThrowsInsteadOfReturningTask_ExceptionOnReturnedTask()
    {
        AsynkitLoop.Run(() =>
        {
            Task<int> task = Coro.Eager<int>(() => throw new FormatException("sync"));
            task.IsFaulted.ShouldBeTrue();
            task.Exception!.InnerException.ShouldBeOfType<FormatException>();
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Eager_CompletesSynchronously_CreatesNoLoopTask()
    {
        AsynkitLoop.Run(async () =>
        {
            LoopTask main = Loop.CurrentTask!;
            LoopTask? inside = null;
            Task<int> result = Coro.Eager(() =>
            {
                inside = Loop.CurrentTask;
                return Task.FromResult(42);
            });

            result.IsCompletedSuccessfully.ShouldBeTrue();
            (await result).ShouldBe(42);
            _ = inside.ShouldNotBeNull();
            inside.ShouldNotBeSameAs(main);
            inside.State.ShouldBe(LoopTaskState.Finished);
            Loop.AllTasks.ShouldBe([main]);

            // No task number was consumed: the next task is #2.
            Loop.CreateTask(() => Task.CompletedTask).Id.ShouldBe(2);
        });
    }

    [Fact]
    public void Eager_Blocks_BecomesSeparateTaskOfTheLoop()
    {
        AsynkitLoop.Run(async () =>
        {
            LoopTask main = Loop.CurrentTask!;
            LoopTask? eager = null;
            bool mainBlockedDuringEager = false;
            Task future = Coro.Eager(
                async () =>
                {
                    eager = Loop.CurrentTask;
                    mainBlockedDuringEager = Scheduling.BlockedTasks().Contains(main);
                    await Task.Yield();
                    Loop.CurrentTask.ShouldBeSameAs(eager);
                },
                "worker");

            _ = eager.ShouldNotBeNull();
            eager.ShouldNotBeSameAs(main);
            mainBlockedDuringEager.ShouldBeTrue();
            eager.Name.ShouldBe("worker");
            eager.Id.ShouldBe(2);
            Loop.AllTasks.ShouldBe([main, eager]);
            Scheduling.TaskIsRunnable(eager).ShouldBeTrue();
            Scheduling.RunnableTasks().ShouldBe([eager]);
            eager.Task.ShouldBeSameAs(future);

            await Scheduling.TaskSwitch(eager);
            future.IsCompletedSuccessfully.ShouldBeTrue();
            eager.State.ShouldBe(LoopTaskState.Finished);
            Loop.AllTasks.ShouldBe([main]);
        });
    }

    [Fact]
    public void Eager_Nested_EachRunsInItsOwnIdentity()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            Task outer = Coro.Eager(async () =>
            {
                LoopTask outerTask = Loop.CurrentTask!;
                log.Add("outer a");
                Task inner = Coro.Eager(async () =>
                {
                    Loop.CurrentTask.ShouldNotBeSameAs(outerTask);
                    log.Add("inner a");
                    await Task.Yield();
                    log.Add("inner b");
                });
                Loop.CurrentTask.ShouldBeSameAs(outerTask);
                log.Add("outer b");
                await inner;
                log.Add("outer c");
            });
            log.Add("main");
            await outer;
        });

        log.ShouldBe(["outer a", "inner a", "outer b", "main", "inner b", "outer c"]);
    }

    [Fact]
    public void FuncEager_EveryCall_StartsEagerly()
    {
        var log = new List<object>();
        AsynkitLoop.Run(async () =>
        {
            Func<List<object>, Task> coro2 = Coro.FuncEager<List<object>>(l => Coro1(l, block: true));
            Task future = coro2(log);
            log.Add("a");
            await future;
            Task again = coro2(log);
            log.Add("b");
            await again;
        });

        log.ShouldBe([1, "a", 2, 1, "b", 2]);
    }

    [Fact]
    public void Eager_OutsideLoop_Throws()
    {
        InvalidOperationException error = Should.Throw<InvalidOperationException>(() => Coro.Eager(() => Task.CompletedTask));
        error.Message.ShouldContain("Coro.Eager must be called on a running AsynkitLoop");
    }
}
