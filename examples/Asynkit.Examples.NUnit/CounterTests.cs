using Asynkit.Testing;
using Asynkit.Testing.Exploration;
using NUnit.Framework;

namespace Asynkit.Examples.NUnit;

public sealed class CounterTests
{
    [Test]
    public void Increment_TwoWorkersUnderALock_NeverLoseAnUpdate() => AsynkitTest.Run(new AsynkitTestOptions { Iterations = 200 }, async () =>
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
        Assert.That(counter, Is.EqualTo(2));
    });

    // Meant to fail: the race is found, and the failure starts with the line to paste.
    [Test]
    [Category("FailureExpected")]
    public void Increment_TwoWorkersWithoutALock_LoseAnUpdate() => AsynkitTest.Run(new AsynkitTestOptions { Iterations = 200 }, async () =>
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
        Assert.That(counter, Is.EqualTo(2), "lost update");
    });
}
