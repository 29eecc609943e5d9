using Asynkit.Testing;
using Asynkit.Testing.Exploration;
using Microsoft.VisualStudio.TestTools.UnitTesting;

[assembly: DoNotParallelize]

namespace Asynkit.Examples.MSTest;

[TestClass]
public sealed class CounterTests
{
    [TestMethod]
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
        Assert.AreEqual(2, counter);
    });

    // MSTest's own async assert inside the loop: its continuation must come back to the loop (docs/test-frameworks.md).
    [TestMethod]
    public void ThrowsExactlyAsync_InsideTheLoop_StaysOnTheLoop() => AsynkitTest.Run(async () =>
    {
        AsynkitLoop loop = AsynkitLoop.RequireCurrent();
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), loop.Clock);
            throw new InvalidOperationException("expected");
        });
        Assert.AreSame(loop, AsynkitLoop.Current, "the assert's continuation ran on the loop");
        InvalidOperationException caught = await LoopAssert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("expected");
        });
        Assert.AreEqual("expected", caught.Message);
    });

    // Meant to fail: the race is found, and the failure starts with the line to paste.
    [TestMethod]
    [TestCategory("FailureExpected")]
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
        Assert.AreEqual(2, counter, "lost update");
    });
}
