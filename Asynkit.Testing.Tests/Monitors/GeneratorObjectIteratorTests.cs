namespace Asynkit.Testing.Tests.Monitors;

using static GeneratorBodies;

// await foreach, "already running" (cpython issue 74956), ag_running, and which task the body runs in.
public sealed class GeneratorObjectIteratorTests
{
    public static TheoryData<string> Operations => new() { "SendAsync", "MoveNextAsync", "ThrowAsync", "CloseAsync" };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Operation_WhileAnotherTaskDrives_AlreadyRunning(string operation)
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var go = new GeneratorObject<object?>();
            GeneratorObjectIterator<object?> g = go.Iterate(async () =>
            {
                while (true)
                {
                    await Task.Yield();
                    if (await go.YieldAsync(null) is null)
                    {
                        break;
                    }
                }
            });
            await g.SendAsync(null);

            // fa reaches the Task.Yield inside the body, then fb runs while fa's drive is still in progress.
            LoopTask fa = loop.CreateTask(() => g.SendAsync("A"), "fa");
            LoopTask fb = loop.CreateTask(
                operation switch
                {
                    "SendAsync" => () => g.SendAsync("A"),
                    "MoveNextAsync" => async () => await g.MoveNextAsync(),
                    "ThrowAsync" => () => g.ThrowAsync(new EndOfStreamException()),
                    _ => () => g.CloseAsync(),
                },
                "fb");
            await fa;
            InvalidOperationException error = await Awaited.ThrowsAsync<InvalidOperationException>(() => fb.Task);
            error.Message.ShouldContain("already running");
            error.Message.ShouldContain(operation);
            g.IsRunning.ShouldBeFalse();
            await Awaited.ThrowsAsync<StopAsyncIterationException>(() => g.SendAsync(null));
        });
    }

    [Fact]
    public void IsRunning_TrueWhileBodyWaits_FalseAfterYield()
    {
        object? state = 0;
        AsynkitLoop.Run(async () =>
        {
            var go = new GeneratorObject<string>();
            GeneratorObjectIterator<string> a = go.Iterate(async () =>
            {
                state = 1;
                await Task.Yield();
                state = 2;
                object? value = await go.YieldAsync("foo");
                state = value;
            });
            state.ShouldBe(0);
            Task<string> first = a.SendAsync(null);
            state.ShouldBe(1);
            a.IsRunning.ShouldBeTrue();
            (await first).ShouldBe("foo");
            state.ShouldBe(2);
            a.IsRunning.ShouldBeFalse();

            await Awaited.ThrowsAsync<StopAsyncIterationException>(() => a.SendAsync("bar"));
            a.IsRunning.ShouldBeFalse();
            state.ShouldBe("bar");
        });
    }

    [Fact]
    public void AwaitForeach_Break_DisposesAndRunsFinally()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            var go = new GeneratorObject<int>();
            GeneratorObjectIterator<int> g = go.Iterate(async () =>
            {
                try
                {
                    for (int i = 0; i < 10; i++)
                    {
                        await go.YieldAsync(i);
                        await Task.Yield();
                    }
                }
                catch (GeneratorExitException)
                {
                    log.Add("closed");
                    throw;
                }
                finally
                {
                    log.Add("finally");
                }
            });
            await foreach (int i in g)
            {
                log.Add($"got {i}");
                if (i == 1)
                {
                    break;
                }
            }

            log.Add("after loop");
            g.IsFinished.ShouldBeTrue();
        });

        log.ShouldBe(["got 0", "got 1", "closed", "finally", "after loop"]);
    }

    [Fact]
    public void AwaitForeach_ConsumerThrows_DisposesAndRunsFinally()
    {
        bool cleaned = false;
        Should.Throw<TimeZoneNotFoundException>(() => AsynkitLoop.Run(async () =>
        {
            var go = new GeneratorObject<int>();
            GeneratorObjectIterator<int> g = go.Iterate(async () =>
            {
                try
                {
                    await go.YieldAsync(1);
                    await go.YieldAsync(2);
                }
                finally
                {
                    cleaned = true;
                }
            });
            await foreach (int i in g)
            {
                throw new TimeZoneNotFoundException();
            }
        }));

        cleaned.ShouldBeTrue();
    }

    [Fact]
    public void AwaitForeach_WithCancellation_CancelsBeforeNextResume()
    {
        var seen = new List<int>();
        AsynkitLoop.Run(async () =>
        {
            using var cts = new CancellationTokenSource();
            GeneratorObjectIterator<int> g = Normal();
            await Awaited.ThrowsAsync<OperationCanceledException>(async () =>
            {
                await foreach (int i in TaskAsyncEnumerableExtensions.WithCancellation(g, cts.Token))
                {
                    seen.Add(i);
                    if (i == 12)
                    {
                        await cts.CancelAsync();
                    }
                }
            });
            g.IsFinished.ShouldBeTrue(); // disposed on the way out
        });

        seen.ShouldBe([11, 12]);
    }

    [Fact]
    public void MoveNextAsync_ConsumedFromDifferentTasks_BodyRunsInEachConsumer()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var go = new GeneratorObject<string>();
            GeneratorObjectIterator<string> g = go.Iterate(async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    await Task.Yield();
                    await go.YieldAsync(loop.CurrentTask!.Name);
                }
            });
            for (int i = 0; i < 3; i++)
            {
                LoopTask<string> consumer = loop.CreateTask(async () =>
                {
                    (await g.MoveNextAsync()).ShouldBeTrue();
                    return g.Current;
                }, $"consumer-{i}");
                log.Add(await consumer);
            }

            (await g.MoveNextAsync()).ShouldBeFalse();
        });

        log.ShouldBe(["consumer-0", "consumer-1", "consumer-2"]);
    }

    [Fact]
    public void Iterate_TwoIterationsInterleaved_EachKeepsItsOwnState()
    {
        AsynkitLoop.Run(async () =>
        {
            GeneratorObjectIterator<int> a = Normal();
            GeneratorObjectIterator<int> b = Normal();
            (await a.SendAsync(null)).ShouldBe(11);
            (await b.SendAsync(null)).ShouldBe(11);
            (await a.SendAsync(5)).ShouldBe(17);
            (await b.SendAsync(null)).ShouldBe(12);
            await a.DisposeAsync();
            await b.DisposeAsync();
        });
    }

    [Fact]
    public void Iterate_LongSynchronousGenerator_NoStackGrowth()
    {
        long sum = AsynkitLoop.Run(async () =>
        {
            var go = new GeneratorObject<int>();
            GeneratorObjectIterator<int> g = go.Iterate(async () =>
            {
                for (int i = 0; i < 100_000; i++)
                {
                    await go.YieldAsync(i);
                }
            });
            long total = 0;
            await foreach (int i in g)
            {
                total += i;
            }

            return total;
        });

        sum.ShouldBe(4_999_950_000L);
    }
}
