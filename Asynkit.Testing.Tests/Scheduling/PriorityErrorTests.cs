using static Asynkit.Testing.Tests.PriorityTestPrograms;

namespace Asynkit.Testing.Tests;

/// <summary>The misuse errors of PriorityLock, PriorityCondition and LoopTask.Priority.</summary>
public sealed class PriorityErrorTests
{
    [Fact]
    public void AcquireAsync_OutsideALoop_Throws()
    {
        var gate = new PriorityLock();
        Should.Throw<InvalidOperationException>(() => gate.AcquireAsync())
            .Message.ShouldContain("PriorityLock.AcquireAsync must be called on a running AsynkitLoop");
        Should.Throw<InvalidOperationException>(gate.Release)
            .Message.ShouldContain("PriorityLock.Release must be called on a running AsynkitLoop");
        var condition = new PriorityCondition(gate);
        Should.Throw<InvalidOperationException>(() => condition.Notify())
            .Message.ShouldContain("PriorityCondition.Notify must be called on a running AsynkitLoop");
    }

    [Fact]
    public void Release_NotHeld_Throws()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(() =>
        {
            new PriorityLock().Release();
            return Task.CompletedTask;
        }));
        error.Message.ShouldBe("PriorityLock.Release: the lock is not held by any task.");
    }

    [Fact]
    public void Release_ByAnotherTask_ThrowsNamingTheHolder()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            await Loop.CreateTask(async () => await gate.AcquireAsync(), "holder");
            gate.Release();
        }));
        error.Message.ShouldContain("the lock is held by task 'holder'");
        error.Message.ShouldContain("not by the caller, task 'main'");
    }

    [Fact]
    public void Release_FromAPlainCallback_Throws()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            await gate.AcquireAsync();
            Loop.CallSoon(gate.Release);
            await Task.Yield();
        }));
        error.Message.ShouldContain("a plain callback (no task)");
    }

    [Fact]
    public void AcquireAsync_Reentrant_Throws()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            await gate.AcquireAsync();
            await gate.AcquireAsync();
        }));
        error.Message.ShouldContain("already holds this lock; PriorityLock is not reentrant");
    }

    [Fact]
    public void AcquireAsync_FromAPlainCallback_Throws()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            Loop.CallSoon(() => gate.AcquireAsync());
            await Task.Yield();
        }));
        error.Message.ShouldContain("PriorityLock.AcquireAsync must be called from a LoopTask, not from a plain callback");
    }

    [Fact]
    public void ConditionMembers_FromAPlainCallback_NameTheCondition()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () =>
        {
            var condition = new PriorityCondition();
            Loop.CallSoon(() => condition.Notify());
            await Task.Yield();
        }));
        error.Message.ShouldStartWith("PriorityCondition.Notify must be called from a LoopTask, not from a plain callback");
    }

    [Fact]
    public void AcquireAsync_LockStillHeldOnAnotherLoop_Throws()
    {
        var gate = new PriorityLock();
        AsynkitLoop.Run(async () => await gate.AcquireAsync());
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () => await gate.AcquireAsync()));
        error.Message.ShouldContain("the lock is in use on another AsynkitLoop");
    }

    [Fact]
    public void AcquireAsync_IdleLock_CanMoveToANewLoop()
    {
        var gate = new PriorityLock();
        AsynkitLoop.Run(async () => (await gate.AcquireAsync()).Dispose());
        AsynkitLoop.Run(async () => (await gate.AcquireAsync()).Dispose());
        gate.IsLocked.ShouldBeFalse();
    }

    [Fact]
    public void AcquireAsync_TaskAlreadyCancelled_ThrowsInsteadOfWaiting()
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new PriorityLock();
            await gate.AcquireAsync();
            LoopTask waiter = Loop.CreateTask(async () =>
            {
                Current.Cancel();
                await gate.AcquireAsync();
            });
            await Task.Yield();
            waiter.Task.IsCanceled.ShouldBeTrue();
            gate.WaiterCount.ShouldBe(0);
        });
    }

    [Fact]
    public void WaitAsync_WithoutTheLock_Throws()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(() => new PriorityCondition().WaitAsync()));
        error.Message.ShouldBe("PriorityCondition.WaitAsync: task 'main' (#1) must hold the condition's lock, but it is not held; acquire it first.");
    }

    [Fact]
    public void Notify_WhileAnotherTaskHoldsTheLock_Throws()
    {
        var error = Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(async () =>
        {
            var condition = new PriorityCondition();
            await Loop.CreateTask(async () => await condition.AcquireAsync(), "holder");
            condition.NotifyAll();
        }));
        error.Message.ShouldContain("PriorityCondition.Notify: task 'main' (#1) must hold the condition's lock, but it is held by task 'holder'");
    }

    [Fact]
    public void WaitForAsync_WithoutTheLock_Throws()
    {
        Should.Throw<InvalidOperationException>(() => AsynkitLoop.Run(() => new PriorityCondition().WaitForAsync(() => true)))
            .Message.ShouldContain("PriorityCondition.WaitForAsync: task 'main' (#1) must hold the condition's lock");
    }

    [Fact]
    public void Notify_NegativeCount_ThrowsArgumentOutOfRange()
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(() => AsynkitLoop.Run(async () =>
        {
            var condition = new PriorityCondition();
            using (await condition.AcquireAsync())
            {
                condition.Notify(-1);
            }
        }));
        error.ParamName.ShouldBe("count");
    }

    [Fact]
    public void WaitForAsync_NullPredicate_ThrowsArgumentNull()
    {
        Should.Throw<ArgumentNullException>(() => AsynkitLoop.Run(() => new PriorityCondition().WaitForAsync(null!)))
            .ParamName.ShouldBe("predicate");
    }

    [Fact]
    public void Priority_SetFromAnotherThreadWhileTheLoopRuns_Throws()
    {
        Exception? error = null;
        AsynkitLoop.Run(async () =>
        {
            LoopTask task = Current;
            var thread = new Thread(() => error = Record.Exception(() => task.Priority = 1));
            thread.Start();
            thread.Join();
            await Task.CompletedTask;
        }, new LoopOptions { Escapes = EscapePolicy.Wait });

        error.ShouldBeOfType<InvalidOperationException>().Message.ShouldContain("LoopTask.Priority was called from thread");
    }
}
