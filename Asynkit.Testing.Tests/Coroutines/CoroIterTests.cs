using System.Runtime.CompilerServices;

namespace Asynkit.Testing.Tests.Coroutines;

/// <summary>asynkit's TestCoroIter: objects awaitable any number of times, each await a fresh coroutine.</summary>
public sealed class CoroIterTests
{
    private static async Task<string> Coroutine1(string value)
    {
        await Task.Yield();
        return "foo" + value;
    }

    private static async Task<string> Coroutine2(string value)
    {
        await Task.Yield();
        throw new InvalidOperationException("foo" + value);
    }

    /// <summary>asynkit's Awaiter: __await__ returns coro_iter(self.coro(self.args.pop(0))).</summary>
    private sealed class Awaiter(Func<string, Task<string>> coroutine, params string[] args)
    {
        private readonly Queue<string> _args = new(args.Length > 0 ? args : ["bar1", "bar2"]);

        public TaskAwaiter<string> GetAwaiter() => Coro.Iter(() => coroutine(_args.Dequeue())).GetAwaiter();
    }

    [Fact]
    public void Iter_AwaitedOnce_RunsCoroutine()
    {
        string result = AsynkitLoop.Run(async () => await new Awaiter(Coroutine1, "bar1"));
        result.ShouldBe("foobar1");
    }

    [Fact]
    public void Iter_AwaitedAgain_RunsAFreshCoroutine()
    {
        AsynkitLoop.Run(async () =>
        {
            var args = new Queue<string>(["bar2", "bar3"]);
            int started = 0;
            CoroAwaitable<string> a = Coro.Iter(() =>
            {
                started++;
                return Coroutine1(args.Dequeue());
            });
            (await a).ShouldBe("foobar2");
            (await a).ShouldBe("foobar3");
            started.ShouldBe(2);

            var awaiter = new Awaiter(Coroutine1, "bar4", "bar5");
            (await awaiter).ShouldBe("foobar4");
            (await awaiter).ShouldBe("foobar5");
        });
    }

    [Fact]
    public void Iter_CoroutineThrows_EachAwaitThrowsItsOwn()
    {
        AsynkitLoop.Run(async () =>
        {
            var a = new Awaiter(Coroutine2);
            var messages = new List<string>();
            for (int i = 0; i < 2; i++)
            {
                try
                {
                    await a;
                }
                catch (InvalidOperationException ex)
                {
                    messages.Add(ex.Message);
                }
            }

            messages.ShouldBe(["foobar1", "foobar2"]);
        });
    }

    [Fact]
    public void Iter_CoroutineCompletesImmediately_GivesResult()
    {
        string result = AsynkitLoop.Run(async () => await new Awaiter(static arg => Task.FromResult("coro" + arg)));
        result.ShouldBe("corobar1");
    }

    [Fact]
    public void Iter_NonGeneric_AwaitableRepeatedly()
    {
        AsynkitLoop.Run(async () =>
        {
            int runs = 0;
            CoroAwaitable a = Coro.Iter(async () =>
            {
                await Task.Yield();
                runs++;
            });
            await a;
            await a;
            await a.AsTask();
            runs.ShouldBe(3);
        });
    }
}
