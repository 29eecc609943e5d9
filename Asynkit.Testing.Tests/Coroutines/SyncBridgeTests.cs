using System.Runtime.CompilerServices;

namespace Asynkit.Testing.Tests.Coroutines;

using Scheduling = Asynkit.Testing.Scheduling;

/// <summary>asynkit's TestCoroRun and test_aiter_sync: await_sync and aiter_sync.</summary>
public sealed class SyncBridgeTests
{
    private static AsynkitLoop Loop => AsynkitLoop.Current!;

    private static async Task<string> Simple()
    {
        await Task.CompletedTask;
        return "simple";
    }

    private static async Task<string> NullSleep()
    {
        await Task.Yield();
        return "nullsleep";
    }

    private static async Task<string?> Cleanupper()
    {
        try
        {
            await Task.Yield();
        }
        finally
        {
            await Task.Yield();
        }

        return null;
    }

    private static async Task Blocks(Task gate) => await gate;

    [Fact]
    public void AwaitSync_Simple_ReturnsResult()
    {
        AsynkitLoop.Run(() =>
        {
            Coro.AwaitSync(Simple).ShouldBe("simple");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AwaitSync_NoLoop_Works()
    {
        Coro.AwaitSync(NullSleep).ShouldBe("nullsleep");
    }

    [Fact]
    public void AwaitSync_NullSleeps_AreRunAtOnce()
    {
        AsynkitLoop.Run(() =>
        {
            Coro.AwaitSync(NullSleep).ShouldBe("nullsleep");
            Coro.AwaitSync(Cleanupper).ShouldBeNull();
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AwaitSync_RealSuspension_ThrowsSynchronousExceptionNamingTheAwait()
    {
        AsynkitLoop.Run(() =>
        {
            var gate = new TaskCompletionSource();
            SynchronousException error = Should.Throw<SynchronousException>(() => Coro.AwaitSync(() => Blocks(gate.Task)));
            error.Message.ShouldContain("failed to complete synchronously");
            error.Message.ShouldContain("SyncBridgeTests.Blocks (SyncBridgeTests.cs:");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AwaitSync_Abandoned_NeverResumes()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            Should.Throw<SynchronousException>(() => Coro.AwaitSync(async () =>
            {
                log.Add("start");
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                log.Add("resumed");
            }));
            await Scheduling.Sleep(TimeSpan.FromSeconds(5));
        });

        log.ShouldBe(["start"]);
    }

    [Fact]
    public void AwaitSync_Exception_RethrownAsItself()
    {
        AsynkitLoop.Run(() =>
        {
            Should.Throw<FormatException>(() => Coro.AwaitSync(async () =>
            {
                await Task.Yield();
                throw new FormatException("boom");
            })).Message.ShouldBe("boom");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AwaitSync_HandledAbort_UsesTheReturnedValue()
    {
        AsynkitLoop.Run(() =>
        {
            string result = Coro.AwaitSync(async token =>
            {
                try
                {
                    await Task.Delay(TimeSpan.FromHours(1), Loop.Clock, token);
                }
                catch (OperationCanceledException)
                {
                    return "handled";
                }

                return "blocked";
            });
            result.ShouldBe("handled");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AwaitSync_AbortEndsInCancellation_ThrowsWithCancellationInside()
    {
        AsynkitLoop.Run(() =>
        {
            SynchronousException error = Should.Throw<SynchronousException>(() =>
                Coro.AwaitSync(token => Task.Delay(TimeSpan.FromHours(1), Loop.Clock, token)));
            error.InnerException.ShouldBeAssignableTo<OperationCanceledException>();
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AwaitSync_IgnoresAbort_ThrowsSynchronousException()
    {
        AsynkitLoop.Run(() =>
        {
            var gate = new TaskCompletionSource();
            Should.Throw<SynchronousException>(() => Coro.AwaitSync(async token =>
            {
                while (true)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromHours(1), Loop.Clock, token);
                    }
                    catch (OperationCanceledException)
                    {
                        await gate.Task; // ignores the abort and suspends again
                    }
                }
            })).Message.ShouldContain("failed to complete synchronously");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AwaitSync_Nested_Works()
    {
        AsynkitLoop.Run(() =>
        {
            int result = Coro.AwaitSync(async () =>
            {
                await Task.Yield();
                return Coro.AwaitSync(async () =>
                {
                    await Task.Yield();
                    return 41;
                }) + 1;
            });
            result.ShouldBe(42);
            return Task.CompletedTask;
        });
    }

    private static async IAsyncEnumerable<int> Range(int count, Task? gateAt2 = null, [EnumeratorCancellation] CancellationToken token = default)
    {
        for (int i = 0; i < count; i++)
        {
            if (i == 2 && gateAt2 is not null)
            {
                await gateAt2.WaitAsync(token);
            }

            await Task.Yield();
            yield return i;
        }
    }

    [Fact]
    public void AiterSync_NullSleepsOnly_YieldsAll()
    {
        AsynkitLoop.Run(() =>
        {
            Coro.AiterSync(Range(5)).ToList().ShouldBe([0, 1, 2, 3, 4]);
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AiterSync_StepSuspends_ThrowsAfterEarlierItems()
    {
        AsynkitLoop.Run(() =>
        {
            var gate = new TaskCompletionSource();
            var seen = new List<int>();
            SynchronousException error = Should.Throw<SynchronousException>(() =>
            {
                foreach (int i in Coro.AiterSync(Range(5, gate.Task)))
                {
                    seen.Add(i);
                }
            });
            seen.ShouldBe([0, 1]);
            error.Message.ShouldContain("Coro.AiterSync");
            error.InnerException.ShouldBeAssignableTo<OperationCanceledException>(); // the enumerator's token was cancelled
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void AiterSync_BreakEarly_DisposesEnumerator()
    {
        AsynkitLoop.Run(() =>
        {
            bool disposed = false;
            async IAsyncEnumerable<int> Endless()
            {
                try
                {
                    for (int i = 0; ; i++)
                    {
                        await Task.Yield();
                        yield return i;
                    }
                }
                finally
                {
                    disposed = true;
                }
            }

            Coro.AiterSync(Endless()).Take(3).ToList().ShouldBe([0, 1, 2]);
            disposed.ShouldBeTrue();
            return Task.CompletedTask;
        });
    }
}
