namespace Asynkit.Testing.Tests.Monitors;

using static GeneratorBodies;

// The cases of asynkit's TestGenerator, in .NET terms: StopAsyncIteration -> StopAsyncIterationException (SendAsync/ThrowAsync)
// or MoveNextAsync returning false; GeneratorExit -> GeneratorExitException; RuntimeError -> InvalidOperationException.
public sealed class GeneratorObjectTests
{
    [Fact]
    public void Iterate_HelperYieldsBothHalves_AllValuesInOrder()
    {
        List<int> values = AsynkitLoop.Run(() => ToListAsync(Normal()));
        values.ShouldBe([11, 12, 13, 21, 22, 23]);
    }

    [Fact]
    public void Iterate_SecondHalfYieldedByAnotherTask_AllValuesInOrder()
    {
        List<int> values = AsynkitLoop.Run(() => ToListAsync(SecondHalfInAnotherTask()));
        values.ShouldBe([11, 12, 13, 21, 22, 23]);
    }

    [Fact]
    public void Iterate_EmptyBody_NoValues()
    {
        var g = new GeneratorObject<int>();
        List<int> values = AsynkitLoop.Run(() => ToListAsync(g.Iterate(() => Task.CompletedTask)));
        values.ShouldBeEmpty();
    }

    [Fact]
    public void SendAsync_NullZeroHundred_Gives11And12And113()
    {
        var results = new List<int>();
        AsynkitLoop.Run(async () =>
        {
            GeneratorObjectIterator<int> g = Normal();
            results.Add(await g.SendAsync(null));
            results.Add(await g.SendAsync(0));
            results.Add(await g.SendAsync(100));
            await g.CloseAsync();
        });

        results.ShouldBe([11, 12, 113]);
    }

    [Fact]
    public void SendAsync_NonNullToNewGenerator_ArgumentExceptionThenStillIterable()
    {
        AsynkitLoop.Run(async () =>
        {
            GeneratorObjectIterator<int> g = Normal();
            ArgumentException error = await Awaited.ThrowsAsync<ArgumentException>(() => g.SendAsync("foo"));
            error.ParamName.ShouldBe("value");
            g.IsRunning.ShouldBeFalse();
            (await g.MoveNextAsync()).ShouldBeTrue();
            g.Current.ShouldBe(11);
            await g.DisposeAsync();
        });
    }

    [Fact]
    public void SendAsync_Exhausted_StopAsyncIteration()
    {
        AsynkitLoop.Run(async () =>
        {
            GeneratorObjectIterator<int> g = Normal();
            (await ToListAsync(g)).Count.ShouldBe(6);
            await AssertExhausted(g);
        });
    }

    [Fact]
    public void SendAsync_FinishingSend_StopAsyncIterationWithoutValue()
    {
        AsynkitLoop.Run(async () =>
        {
            var g = new GeneratorObject<string>();
            GeneratorObjectIterator<string> it = g.Iterate(async () => await g.YieldAsync("only"));
            (await it.SendAsync(null)).ShouldBe("only");
            await Awaited.ThrowsAsync<StopAsyncIterationException>(() => it.SendAsync(null));
            await AssertExhausted(it);
        });
    }

    [Fact]
    public void ThrowAsync_NewGenerator_ThrowsAndExhausts()
    {
        AsynkitLoop.Run(async () =>
        {
            GeneratorObjectIterator<int> g = Normal();
            await Awaited.ThrowsAsync<DivideByZeroException>(() => g.ThrowAsync(new DivideByZeroException()));
            await AssertExhausted(g);
        });
    }

    [Fact]
    public void ThrowAsync_CaughtAndYields_ReturnsNextValue()
    {
        AsynkitLoop.Run(async () =>
        {
            var go = new GeneratorObject<int>();
            GeneratorObjectIterator<int> g = go.Iterate(async () =>
            {
                try
                {
                    await go.YieldAsync(1);
                }
                catch (EndOfStreamException)
                {
                    await go.YieldAsync(2);
                }
            });
            (await g.MoveNextAsync()).ShouldBeTrue();
            g.Current.ShouldBe(1);
            (await g.ThrowAsync(new EndOfStreamException())).ShouldBe(2);
            await g.CloseAsync();
        });
    }

    [Fact]
    public void ThrowAsync_CaughtAndReturns_StopAsyncIteration()
    {
        AsynkitLoop.Run(async () =>
        {
            var go = new GeneratorObject<int>();
            GeneratorObjectIterator<int> g = go.Iterate(async () =>
            {
                try
                {
                    await go.YieldAsync(1);
                }
                catch (EndOfStreamException)
                {
                }
            });
            (await g.MoveNextAsync()).ShouldBeTrue();
            await Awaited.ThrowsAsync<StopAsyncIterationException>(() => g.ThrowAsync(new EndOfStreamException()));
            await AssertExhausted(g);
        });
    }

    [Fact]
    public void ThrowAsync_LiveGenerator_ThrowsAndExhausts()
    {
        AsynkitLoop.Run(async () =>
        {
            GeneratorObjectIterator<int> g = Normal();
            (await g.MoveNextAsync()).ShouldBeTrue();
            await Awaited.ThrowsAsync<DivideByZeroException>(() => g.ThrowAsync(new DivideByZeroException()));
            await AssertExhausted(g);
        });
    }

    [Fact]
    public void ThrowAsync_GeneratorExit_Propagates()
    {
        AsynkitLoop.Run(async () =>
        {
            GeneratorObjectIterator<int> g = Normal();
            (await g.MoveNextAsync()).ShouldBeTrue();
            await Awaited.ThrowsAsync<GeneratorExitException>(() => g.ThrowAsync(new GeneratorExitException()));
            await AssertExhausted(g);
        });
    }

    [Fact]
    public void MoveNextAsync_BodyFails_ExceptionThenExhausted()
    {
        var seen = new List<int>();
        AsynkitLoop.Run(async () =>
        {
            GeneratorObjectIterator<int> g = Failing();
            await Awaited.ThrowsAsync<DivideByZeroException>(async () =>
            {
                await foreach (int value in g)
                {
                    seen.Add(value);
                }
            });
            await AssertExhausted(g);
        });

        seen.ShouldBe([11]);
    }

    [Fact]
    public void CloseAsync_ActiveGenerator_ThenExhaustedAndIdempotent()
    {
        AsynkitLoop.Run(async () =>
        {
            GeneratorObjectIterator<int> g = Normal();
            (await g.MoveNextAsync()).ShouldBeTrue();
            g.Current.ShouldBe(11);
            await g.CloseAsync();
            await g.CloseAsync();
            (await g.MoveNextAsync()).ShouldBeFalse();
        });
    }

    [Fact]
    public void CloseAsync_BodyYieldsAgain_InvalidOperationThenGeneratorExitOnNext()
    {
        AsynkitLoop.Run(async () =>
        {
            var go = new GeneratorObject<int>();
            GeneratorObjectIterator<int> g = go.Iterate(async () =>
            {
                try
                {
                    await go.YieldAsync(1);
                }
                catch (GeneratorExitException)
                {
                    await go.YieldAsync(2);
                    throw;
                }
            });
            (await g.MoveNextAsync()).ShouldBeTrue();
            InvalidOperationException error = await Awaited.ThrowsAsync<InvalidOperationException>(() => g.CloseAsync());
            error.Message.ShouldContain("ignored GeneratorExitException");
            g.IsFinished.ShouldBeFalse();
            await Awaited.ThrowsAsync<GeneratorExitException>(async () => await g.MoveNextAsync());
            g.IsFinished.ShouldBeTrue();
        });
    }

    [Fact]
    public void CloseAsync_BodySwallowsGeneratorExit_Closed()
    {
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
                    }
                }
                catch (GeneratorExitException)
                {
                }
            });
            (await g.MoveNextAsync()).ShouldBeTrue();
            g.Current.ShouldBe(0);
            await g.CloseAsync();
            await g.CloseAsync();
            (await g.MoveNextAsync()).ShouldBeFalse();
        });
    }

    [Fact]
    public void CloseAsync_NewGenerator_BodyNeverRuns()
    {
        bool ran = false;
        AsynkitLoop.Run(async () =>
        {
            var go = new GeneratorObject<int>();
            GeneratorObjectIterator<int> g = go.Iterate(() =>
            {
                ran = true;
                return Task.CompletedTask;
            });
            await g.CloseAsync();
            (await g.MoveNextAsync()).ShouldBeFalse();
        });

        ran.ShouldBeFalse();
    }

    [Fact]
    public void CloseAsync_FinishedOrFailed_DoesNothing()
    {
        AsynkitLoop.Run(async () =>
        {
            GeneratorObjectIterator<int> done = Normal();
            await ToListAsync(done);
            await done.CloseAsync();

            GeneratorObjectIterator<int> failed = Failing();
            await Awaited.ThrowsAsync<DivideByZeroException>(() => ToListAsync(failed));
            await failed.CloseAsync();
        });
    }

    public static TheoryData<string> Operations => new() { "MoveNextAsync", "ThrowAsync", "CloseAsync" };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Pep479_BodyThrowsStopAsyncIteration_InvalidOperation(string operation)
    {
        AsynkitLoop.Run(async () =>
        {
            var go = new GeneratorObject<int>();
            GeneratorObjectIterator<int> g = go.Iterate(async () =>
            {
                try
                {
                    await go.YieldAsync(0);
                }
                catch (Exception ex) when (ex is EndOfStreamException or GeneratorExitException)
                {
                }

                throw new StopAsyncIterationException("inner generator exhausted");
            });
            (await g.MoveNextAsync()).ShouldBeTrue();
            g.Current.ShouldBe(0);
            Func<Task> act = operation switch
            {
                "MoveNextAsync" => async () => await g.MoveNextAsync(),
                "ThrowAsync" => () => g.ThrowAsync(new EndOfStreamException()),
                _ => () => g.CloseAsync(),
            };
            InvalidOperationException error = await Awaited.ThrowsExactlyAsync<InvalidOperationException>(act);
            error.InnerException.ShouldBeOfType<StopAsyncIterationException>();
            error.Message.ShouldContain("threw StopAsyncIterationException");
        });
    }

    [Fact]
    public void YieldAsync_NoIterationRunning_InvalidOperation()
    {
        InvalidOperationException error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () =>
        {
            var go = new GeneratorObject<int>();
            await go.YieldAsync(1);
        }));

        error.Message.ShouldContain("GeneratorObject.YieldAsync");
    }
}
