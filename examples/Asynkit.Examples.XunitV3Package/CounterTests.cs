using Asynkit.Testing;
using Asynkit.Testing.Xunit;
using Xunit;

namespace Asynkit.Examples.XunitV3Package;

public sealed class CounterTests
{
    [Fact]
    public void PlainFact_BesideTheAdapter_Compiles() => Assert.True(AsynkitLoop.Current is null);

    [AsynkitFact(Iterations = 200)]
    public async Task Increment_TwoWorkersUnderALock_NeverLoseAnUpdate()
    {
        AsynkitLoop loop = AsynkitLoop.RequireCurrent();
        int counter = 0;
        using var gate = new SemaphoreSlim(1, 1);
        LoopTask Worker() => loop.CreateTask(async () =>
        {
            await gate.WaitAsync();
            int seen = counter;
            await Task.Yield();
            counter = seen + 1;
            gate.Release();
        });
        LoopTask a = Worker(), b = Worker();
        await a;
        await b;
        Assert.Equal(2, counter);
    }

    // Meant to fail: the race is found, and the failure starts with the line to paste.
    [Trait("Category", "FailureExpected")]
    [AsynkitFact(Iterations = 200)]
    public async Task Increment_TwoWorkersWithoutALock_LoseAnUpdate()
    {
        AsynkitLoop loop = AsynkitLoop.RequireCurrent();
        int counter = 0;
        LoopTask Worker() => loop.CreateTask(async () =>
        {
            int seen = counter;
            await Task.Yield();
            counter = seen + 1;
        });
        LoopTask a = Worker(), b = Worker();
        await a;
        await b;
        Assert.Equal(2, counter);
    }
}
