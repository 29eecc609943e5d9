namespace Asynkit.Testing.Tests.Monitors;

// The cases of asynkit's tests/test_monitor.py (TestMonitor), in .NET terms:
// OOBData -> OobDataException, RuntimeError -> InvalidOperationException, EOFError -> EndOfStreamException.
public sealed class OobMonitorTests
{
    private static async Task<string> Helper(OobMonitor m)
    {
        object? back = await m.OobAsync("foo");
        await Task.Yield();
        back = await m.OobAsync(Str(back) + "foo");
        await Task.Yield();
        return Str(back) + "foo";
    }

    private static string Str(object? value) => value?.ToString() ?? "None";

    [Fact]
    public void AwaitAsync_OobThenAnswers_ProducesFooHoofooHowfoo()
    {
        string result = AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<string> c = m.Bind(() => Helper(m));
            OobDataException first = await Awaited.ThrowsAsync<OobDataException>(() => c.AwaitAsync());
            first.Value.ShouldBe("foo");
            OobDataException second = await Awaited.ThrowsAsync<OobDataException>(() => c.AwaitAsync("hoo"));
            second.Value.ShouldBe("hoofoo");
            return await c.AwaitAsync("how");
        });

        result.ShouldBe("howfoo");
    }

    [Fact]
    public void GetAwaiter_AwaitedThreeTimes_OobOobResult()
    {
        var seen = new List<object?>();
        string result = AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<string> b = m.Bind(() => Helper(m));
            for (int i = 0; i < 2; i++)
            {
                try
                {
                    await b;
                }
                catch (OobDataException oob)
                {
                    seen.Add(oob.Value);
                }
            }

            return await b;
        });

        seen.ShouldBe(["foo", "Nonefoo"]);
        result.ShouldBe("Nonefoo");
    }

    [Fact]
    public void AwaitAsync_BoundMonitorWithData_ResultUsesLastData()
    {
        string result = AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<string> b = m.Bind(() => Helper(m));
            (await Awaited.ThrowsAsync<OobDataException>(() => b.AwaitAsync())).Value.ShouldBe("foo");
            (await Awaited.ThrowsAsync<OobDataException>(() => b.AwaitAsync())).Value.ShouldBe("Nonefoo");
            return await b.AwaitAsync("hello");
        });

        result.ShouldBe("hellofoo");
    }

    [Fact]
    public void ThrowAsync_Uncaught_PropagatesToDriver()
    {
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<string> b = m.Bind(() => Helper(m));
            await Awaited.ThrowsAsync<OobDataException>(() => b.AwaitAsync());
            await Awaited.ThrowsAsync<OobDataException>(() => b.AwaitAsync());
            var error = new EndOfStreamException("eof");
            (await Awaited.ThrowsAsync<EndOfStreamException>(() => b.ThrowAsync(error))).ShouldBeSameAs(error);
            b.IsFinished.ShouldBeTrue();
        });
    }

    [Fact]
    public void ThrowAsync_CaughtInsideCoroutine_ReturnsBar()
    {
        string result = AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<string> c = m.Bind(async () =>
            {
                try
                {
                    await m.OobAsync("foo");
                }
                catch (EndOfStreamException)
                {
                    return "bar";
                }

                return "not thrown";
            });
            (await Awaited.ThrowsAsync<OobDataException>(() => c.AwaitAsync())).Value.ShouldBe("foo");
            return await c.ThrowAsync(new EndOfStreamException());
        });

        result.ShouldBe("bar");
    }

    [Fact]
    public void ThrowAsync_NewCoroutine_NeverRunsAndThrows()
    {
        bool ran = false;
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<int> c = m.Bind(() =>
            {
                ran = true;
                return Task.FromResult(1);
            });
            await Awaited.ThrowsAsync<EndOfStreamException>(() => c.ThrowAsync(new EndOfStreamException()));
            c.IsFinished.ShouldBeTrue();
            await Awaited.ThrowsAsync<InvalidOperationException>(() => c.AwaitAsync());
        });

        ran.ShouldBeFalse();
    }

    [Fact]
    public void OobAsync_NoActiveMonitor_InvalidOperation()
    {
        InvalidOperationException error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            await m.OobAsync(1);
        }));

        error.Message.ShouldContain("not active");
    }

    [Fact]
    public void AwaitAsync_ReenteredFromInsideCoroutine_InvalidOperation()
    {
        int result = AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<int> outer = m.Bind(async () =>
            {
                BoundMonitor<int> inner = m.Bind(() => Task.FromResult(7));
                InvalidOperationException error = await Awaited.ThrowsAsync<InvalidOperationException>(() => inner.AwaitAsync());
                error.Message.ShouldContain("cannot be re-entered");
                m.IsActive.ShouldBeTrue();
                return 3;
            });
            int value = await outer.AwaitAsync();
            m.IsActive.ShouldBeFalse();
            return value;
        });

        result.ShouldBe(3);
    }

    [Fact]
    public void AwaitAsync_ReenteredFromAnotherTaskWhileRunning_InvalidOperation()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var m = new OobMonitor();
            BoundMonitor<string> b = m.Bind(() => Helper(m));
            await Awaited.ThrowsAsync<OobDataException>(() => b.AwaitAsync());
            LoopTask other = loop.CreateTask(async () =>
            {
                InvalidOperationException error = await Awaited.ThrowsAsync<InvalidOperationException>(() => b.AwaitAsync());
                error.Message.ShouldContain("cannot be re-entered");
            });

            // Resumes the coroutine, which then waits at its Task.Yield: its continuation is queued behind the other task's start.
            Task<string> driving = b.AwaitAsync("x");
            driving.IsCompleted.ShouldBeFalse();
            m.IsActive.ShouldBeTrue();
            (await Awaited.ThrowsAsync<OobDataException>(() => driving)).Value.ShouldBe("xfoo");
            await other;
        });
    }

    [Fact]
    public void AwaitAsync_CoroutineThrowsOobDataException_InvalidOperation()
    {
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<int> c = m.Bind<int>(() => throw new OobDataException("foo"));
            InvalidOperationException error = await Awaited.ThrowsExactlyAsync<InvalidOperationException>(() => c.AwaitAsync());
            error.Message.ShouldContain("threw OobDataException itself");
            error.InnerException.ShouldBeOfType<OobDataException>();
        });
    }

    [Fact]
    public void AwaitAsync_NonNullToFreshCoroutine_ArgumentExceptionAndStillStartable()
    {
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<string> c = m.Bind(() => Helper(m));
            ArgumentException error = await Awaited.ThrowsAsync<ArgumentException>(() => c.AwaitAsync("foo"));
            error.ParamName.ShouldBe("data");
            m.IsActive.ShouldBeFalse();
            (await c.StartAsync()).ShouldBe("foo");
        });
    }

    [Fact]
    public void AwaitAsync_FinishedCoroutine_InvalidOperation()
    {
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<int> c = m.Bind(() => Task.FromResult(5));
            (await c).ShouldBe(5);
            InvalidOperationException error = await Awaited.ThrowsAsync<InvalidOperationException>(() => c.AwaitAsync());
            error.Message.ShouldContain("already finished");
        });
    }

    [Fact]
    public void CloseAsync_SuspendedAtOob_RunsFinallyBlocks()
    {
        bool finished = false;
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<object?> a = m.Bind(async () =>
            {
                try
                {
                    await m.OobAsync("foo");
                }
                finally
                {
                    finished = true;
                }
            });
            await Awaited.ThrowsAsync<OobDataException>(() => a.AwaitAsync());
            finished.ShouldBeFalse();
            await a.CloseAsync();
            finished.ShouldBeTrue();
            a.IsFinished.ShouldBeTrue();
        });
    }

    [Fact]
    public void CloseAsync_FinishedOrNew_DoesNothing()
    {
        bool ran = false;
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<object?> finished = m.Bind(() => Task.CompletedTask);
            await finished;
            await finished.CloseAsync();

            BoundMonitor<object?> fresh = m.Bind(() =>
            {
                ran = true;
                return Task.CompletedTask;
            });
            await fresh.CloseAsync();
            fresh.IsFinished.ShouldBeTrue();
        });

        ran.ShouldBeFalse();
    }

    [Fact]
    public void CloseAsync_CoroutineAnswersWithAnotherOob_InvalidOperation()
    {
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<object?> b = m.Bind(async () =>
            {
                try
                {
                    await m.OobAsync();
                }
                catch (GeneratorExitException)
                {
                    await m.OobAsync();
                }
            });
            await Awaited.ThrowsAsync<OobDataException>(() => b.AwaitAsync());
            InvalidOperationException error = await Awaited.ThrowsAsync<InvalidOperationException>(() => b.CloseAsync());
            error.Message.ShouldContain("ignored GeneratorExitException");
            m.IsActive.ShouldBeFalse();
            b.IsFinished.ShouldBeFalse();
        });
    }

    [Fact]
    public void StartAsync_ReturnsFirstOobData_AndStartsLazily()
    {
        bool started = false;
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<int> b = m.Bind(async () =>
            {
                started = true;
                await m.OobAsync("foo");
                return 1;
            });
            started.ShouldBeFalse();
            (await b.StartAsync()).ShouldBe("foo");
            started.ShouldBeTrue();
            await b.CloseAsync();
        });
    }

    [Fact]
    public void StartAsync_CoroutineReturnsWithoutOob_InvalidOperation()
    {
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<int> b = m.Bind(() => Task.FromResult(1));
            InvalidOperationException error = await Awaited.ThrowsAsync<InvalidOperationException>(() => b.StartAsync());
            error.Message.ShouldContain("without calling OobMonitor.OobAsync");
        });
    }

    [Fact]
    public void TryAwaitAsync_OobGivesSentinel_ResultAtEnd()
    {
        AsynkitLoop.Run(async () =>
        {
            var m = new OobMonitor();
            BoundMonitor<int> b = m.Bind(async () =>
            {
                (await m.OobAsync()).ShouldBe(1);
                (await m.OobAsync()).ShouldBe(2);
                return 3;
            });
            (await b.TryAwaitAsync()).ShouldBeNull();
            object sentinel = new();
            (await b.TryAwaitAsync(1, sentinel)).ShouldBeSameAs(sentinel);
            (await b.TryAwaitAsync(2, "foo")).ShouldBe(3);
        });
    }

    [Fact]
    public void Bind_NullCoroutine_ArgumentNull()
    {
        var m = new OobMonitor();
        Should.Throw<ArgumentNullException>(() => m.Bind((Func<Task<int>>)null!));
        Should.Throw<ArgumentNullException>(() => m.Bind((Func<Task>)null!));
    }

    [Fact]
    public void AwaitAsync_OutsideLoop_InvalidOperation()
    {
        var m = new OobMonitor();
        BoundMonitor<int> b = m.Bind(() => Task.FromResult(1));
        Should.Throw<InvalidOperationException>(() => b.AwaitAsync()).Message.ShouldContain("running AsynkitLoop");
    }
}
