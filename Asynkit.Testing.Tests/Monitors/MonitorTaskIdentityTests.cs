namespace Asynkit.Testing.Tests.Monitors;

using Scheduling = Asynkit.Testing.Scheduling;

// The coroutine runs inside whichever task drives it at that moment; its ordinary awaits are that task's steps.
public sealed class MonitorTaskIdentityTests
{
    [Fact]
    public void AwaitAsync_ResumedFromAnotherTask_CoroutineRunsInThatTask()
    {
        var seen = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var m = new OobMonitor();
            BoundMonitor<string> b = m.Bind(async () =>
            {
                seen.Add($"start in {loop.CurrentTask!.Name}");
                await Task.Yield();
                seen.Add($"after yield in {loop.CurrentTask!.Name}");
                await m.OobAsync("paused");
                seen.Add($"resumed in {loop.CurrentTask!.Name}");
                await Task.Yield();
                seen.Add($"after yield in {loop.CurrentTask!.Name}");
                await Scheduling.Sleep(TimeSpan.FromSeconds(5));
                seen.Add($"after sleep in {loop.CurrentTask!.Name} at {loop.Clock.Elapsed.TotalSeconds}s");
                return "done";
            });

            (await b.StartAsync()).ShouldBe("paused");
            int tasksBefore = loop.AllTasks.Count;
            LoopTask<string> other = loop.CreateTask(() => b.AwaitAsync(), "other");
            (await other).ShouldBe("done");
            tasksBefore.ShouldBe(1); // only main: driving a coroutine creates no task
        });

        seen.ShouldBe([
            "start in main",
            "after yield in main",
            "resumed in other",
            "after yield in other",
            "after sleep in other at 5s",
        ]);
    }

    [Fact]
    public void AwaitAsync_CoroutineWaiting_DriverIsTheRunnableTask()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var m = new OobMonitor();
            LoopTask? driver = null;
            IReadOnlySet<LoopTask>? runnable = null;
            BoundMonitor<int> b = m.Bind(async () =>
            {
                await Task.Yield();
                return 1;
            });
            driver = loop.CreateTask(async () => (await b).ShouldBe(1), "driver");
            LoopTask observer = loop.CreateTask(() =>
            {
                runnable = Scheduling.RunnableTasks();
                return Task.CompletedTask;
            }, "observer");
            await driver;
            await observer;
            runnable.ShouldNotBeNull();
            runnable.ShouldContain(driver);
        });
    }

    [Fact]
    public void AwaitAsync_OobAfterOrdinaryAwait_DeliveredInTheSameStep()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var m = new OobMonitor();
            long oobStep = -1;
            BoundMonitor<int> b = m.Bind(async () =>
            {
                await Task.Yield();
                oobStep = loop.StepCount;
                await m.OobAsync("x");
                return 0;
            });
            OobDataException oob = await Awaited.ThrowsAsync<OobDataException>(() => b.AwaitAsync());
            oob.Value.ShouldBe("x");
            loop.StepCount.ShouldBe(oobStep); // asynkit raises OOBData through the awaiting stack, not in a later step
            await b.CloseAsync();
        });
    }

    [Fact]
    public void OobAsync_FromAnotherTaskTheCoroutineAwaits_ReachesTheDriver()
    {
        var log = new List<string>();
        int result = AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var m = new OobMonitor();
            BoundMonitor<int> b = m.Bind(async () =>
            {
                LoopTask<int> helper = loop.CreateTask(async () =>
                {
                    object? answer = await m.OobAsync("from helper");
                    log.Add($"helper got {answer} in {loop.CurrentTask!.Name}");
                    return (int)answer! * 2;
                }, "helper");
                int doubled = await helper;
                log.Add($"body continues in {loop.CurrentTask!.Name}");
                return doubled + 1;
            });

            (await b.StartAsync()).ShouldBe("from helper");
            return await b.AwaitAsync(20);
        });

        result.ShouldBe(41);
        log.ShouldBe(["helper got 20 in helper", "body continues in main"]);
    }

    [Fact]
    public void AwaitAsync_CoroutineResultFromPlainPromise_CompletedByAnotherTask()
    {
        int result = AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var promise = new TaskCompletionSource<int>();
            var m = new OobMonitor();
            BoundMonitor<int> b = m.Bind(() => promise.Task);
            _ = loop.CreateTask(() =>
            {
                promise.SetResult(9);
                return Task.CompletedTask;
            });
            return await b;
        });

        result.ShouldBe(9);
    }

    [Fact]
    public void AwaitAsync_NestedMonitors_InnerOobHandledByOuterCoroutine()
    {
        var log = new List<string>();
        string result = AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var outer = new OobMonitor();
            var inner = new OobMonitor();
            BoundMonitor<string> outerBound = outer.Bind(async () =>
            {
                BoundMonitor<string> innerBound = inner.Bind(async () =>
                {
                    await Task.Yield();
                    object? x = await inner.OobAsync("inner?");
                    await Task.Yield();
                    log.Add($"inner resumed in {loop.CurrentTask!.Name}");
                    return $"inner:{x}";
                });
                string innerQuestion = (string)(await innerBound.StartAsync())!;
                object? answer = await outer.OobAsync($"outer asks about {innerQuestion}");
                return await innerBound.AwaitAsync(answer);
            });

            (await outerBound.StartAsync()).ShouldBe("outer asks about inner?");
            LoopTask<string> other = loop.CreateTask(() => outerBound.AwaitAsync("42"), "other");
            return await other;
        });

        result.ShouldBe("inner:42");
        log.ShouldBe(["inner resumed in other"]);
    }

    [Fact]
    public void AwaitAsync_CoroutineNeverCompletes_DeadlockNamesTheDriver()
    {
        DeadlockException error = Should.Throw<DeadlockException>(() => AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            var never = new TaskCompletionSource();
            BoundMonitor<object?> b = m.Bind(() => never.Task);
            await b;
        }));

        error.Message.ShouldContain("'main'");
    }

    [Fact]
    public void AsyncLocal_StartsWithFirstDriversValue_ChangesDoNotLeak()
    {
        var local = new AsyncLocal<string>();
        var seen = new List<string?>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var m = new OobMonitor();
            BoundMonitor<object?> b = m.Bind(async () =>
            {
                seen.Add(local.Value);
                local.Value = "coroutine";
                await m.OobAsync();
                seen.Add(local.Value);
            });
            local.Value = "first driver";
            await b.StartAsync();
            seen.Add(local.Value);
            await loop.CreateTask(async () =>
            {
                local.Value = "second driver";
                await b.AwaitAsync();
                seen.Add(local.Value);
            });
        });

        seen.ShouldBe(["first driver", "first driver", "coroutine", "second driver"]);
    }

    [Fact]
    public void SleepInsert_InsideCoroutine_PositionsTheDriversStep()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var m = new OobMonitor();
            BoundMonitor<object?> b = m.Bind(async () =>
            {
                await Scheduling.SleepInsert(1);
                log.Add($"coroutine in {loop.CurrentTask!.Name}");
            });
            foreach (string name in (string[])["A", "B"])
            {
                _ = loop.CreateTask(() =>
                {
                    log.Add(name);
                    return Task.CompletedTask;
                }, name);
            }

            await b;
            await Task.Yield();
        });

        log.ShouldBe(["A", "coroutine in main", "B"]);
    }
}
