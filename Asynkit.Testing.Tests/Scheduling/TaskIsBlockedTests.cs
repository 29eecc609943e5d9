namespace Asynkit.Testing.Tests;

/// <summary>asynkit's TestTaskIsBlocked cases. asyncio's task.cancel() throws into any await; in .NET cancellation is
/// cooperative, so the future cases wait through the task's token (WaitAsync), which is what cancellable .NET code does.</summary>
public sealed class TaskIsBlockedTests
{
    [Fact]
    public void BlockedSleep_CancelMakesItRunnableThenDone()
    {
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(() => Scheduling.Sleep(TimeSpan.FromSeconds(0.1)));
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
            Scheduling.TaskIsRunnable(task).ShouldBeTrue();
            await Task.Yield();
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();
            Scheduling.TaskIsRunnable(task).ShouldBeFalse();
            task.Cancel();
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
            await LoopAssert.ThrowsAsync<OperationCanceledException>(task.Task);
            task.IsCompleted.ShouldBeTrue();
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
            Scheduling.TaskIsRunnable(task).ShouldBeFalse();
        });
    }

    [Fact]
    public void BlockedFuture_CancelThroughToken_Unblocks()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var future = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(token => future.Task.WaitAsync(token));
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
            await Task.Yield();
            loop.ReadyFind(task).ShouldBeNull();
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();
            task.Cancel();
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
            await LoopAssert.ThrowsAsync<OperationCanceledException>(task.Task);
        });
    }

    [Fact]
    public void BlockedFuture_Result_MakesItRunnableAtOnce()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var future = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(async () => await future.Task);
            await Task.Yield();
            loop.ReadyFind(task).ShouldBeNull();
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();
            future.SetResult();
            loop.ReadyFind(task).ShouldNotBeNull();
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
            await task;
        });
    }

    [Fact]
    public void BlockedFuture_Exception_MakesItRunnableAndRaises()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var future = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(async () => await future.Task);
            await Task.Yield();
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();
            future.SetException(new DivideByZeroException());
            loop.ReadyFind(task).ShouldNotBeNull();
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
            await LoopAssert.ThrowsAsync<DivideByZeroException>(task.Task);
        });
    }

    [Fact]
    public void BlockedFuture_FutureCancelled_MakesItRunnableAndCancelled()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var future = new TaskCompletionSource();
            LoopTask task = loop.CreateTask(async () => await future.Task);
            await Task.Yield();
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();
            future.SetCanceled();
            loop.ReadyFind(task).ShouldNotBeNull();
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
            await LoopAssert.ThrowsAsync<OperationCanceledException>(task.Task);
        });
    }

    [Fact]
    public void BlockedAwait_CancelTheAwaitedTask_AwaiterUnblocksOnlyAfterItFinishes()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask task2 = loop.CreateTask(() => Scheduling.Sleep(TimeSpan.FromSeconds(0.1)));
            LoopTask task = loop.CreateTask(async () => await task2);
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
            await Task.Yield();
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();
            Scheduling.TaskIsBlocked(task2).ShouldBeTrue();

            task2.Cancel();
            Scheduling.TaskIsBlocked(task2).ShouldBeFalse();
            task2.IsCompleted.ShouldBeFalse();
            Scheduling.TaskIsBlocked(task).ShouldBeTrue();
            loop.ReadyFind(task).ShouldBeNull();

            await Task.Yield();
            task2.IsCompleted.ShouldBeTrue();
            task.IsCompleted.ShouldBeFalse();
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
            await LoopAssert.ThrowsAsync<OperationCanceledException>(task.Task);
            Scheduling.TaskIsBlocked(task).ShouldBeFalse();
        });
    }
}
