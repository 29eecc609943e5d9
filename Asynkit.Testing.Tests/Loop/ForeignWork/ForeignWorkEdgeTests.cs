namespace Asynkit.Testing.Tests;

/// <summary>The corners of thread-pool control: waits inside inline continuations, thread-owned wait handles, controlled work
/// that can never finish, work nobody awaits, and a loop run again after pool work.</summary>
public sealed class ForeignWorkEdgeTests
{
    [Fact]
    public void SyncWaitInAContinuationThatRanInline_OnAPoolThread_ParksAndCompletes()
    {
        // After ConfigureAwait(false), the rest of the method runs inline where Task.Run's body completed: on its pool thread, in
        // the epilogue of that turn. A .Result there must still give the turn back, so that the new body can run.
        using var loop = new AsynkitLoop();
        int result = loop.RunUntilComplete(async () =>
        {
            await Task.Run(() => { }).ConfigureAwait(false);
            return Task.Run(() => 21).Result * 2;
        });

        result.ShouldBe(42);
        loop.IsDeterministic.ShouldBeTrue();
    }

    [Fact]
    public void MutexInATaskRunBody_IsAcquiredByTheBodysOwnThread()
    {
        // A Mutex belongs to the thread that acquires it: the loop must not take it on the body's behalf, or ReleaseMutex throws.
        using var mutex = new Mutex();
        int? owner = null;
        AsynkitLoop.Run(() => Task.Run(() =>
        {
            mutex.WaitOne();
            owner = Environment.CurrentManagedThreadId;
            mutex.ReleaseMutex();
        }));

        owner.ShouldNotBeNull();
    }

    [Fact]
    public void ContendedMutexBetweenTwoTaskRunBodies_TheSecondGetsItWhenTheFirstReleasesIt()
    {
        using var mutex = new Mutex();
        using var release = new ManualResetEventSlim();
        var order = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            Task first = Task.Run(() =>
            {
                mutex.WaitOne();
                order.Add("first holds");
                release.Wait();
                order.Add("first releases");
                mutex.ReleaseMutex();
            });
            Task second = Task.Run(() =>
            {
                mutex.WaitOne();
                order.Add("second holds");
                mutex.ReleaseMutex();
            });
            for (int i = 0; i < 5; i++)
            {
                await Task.Yield();
            }

            order.Add("main signals");
            release.Set();
            await Task.WhenAll(first, second);
        });

        order.ShouldBe(["first holds", "main signals", "first releases", "second holds"]);
    }

    [Fact]
    public void AwaitedTaskRunBlockedOnAPromiseNobodyCompletes_IsADeadlockNotAnEscape()
    {
        var never = new TaskCompletionSource();
        var error = Should.Throw<DeadlockException>(() => AsynkitLoop.Run(async () => await Task.Run(() => never.Task.Wait())));

        // The abandoned body goes on waiting without the loop: free its pool thread.
        never.SetResult();

        error.Message.ShouldContain(nameof(AwaitedTaskRunBlockedOnAPromiseNobodyCompletes_IsADeadlockNotAnEscape));
    }

    [Fact]
    public void MainWaitingSynchronouslyForATaskRunThatCanNeverFinish_IsADeadlockNamingMain()
    {
        var never = new TaskCompletionSource();
        var error = Should.Throw<DeadlockException>(() => AsynkitLoop.Run(() =>
        {
            Task.Run(() => never.Task.Wait()).Wait();
            return Task.CompletedTask;
        }));
        never.SetResult();

        error.Message.ShouldContain("'main'");
    }

    [Fact]
    public void FireAndForgetTaskRun_RunsUnderControlBeforeRunReturns()
    {
        int counter = 0;
        int? threads = null;
        using var loop = new AsynkitLoop();
        loop.RunUntilComplete(() =>
        {
            _ = Task.Run(() =>
            {
                counter++;
                threads = loop.ForeignItemCount;
            });
            return Task.CompletedTask;
        });

        counter.ShouldBe(1);
        threads.ShouldBe(1);
        loop.IsDeterministic.ShouldBeTrue();
    }

    [Fact]
    public void LoopRunAgainAfterARunWithPoolWork_ControlsThePoolWorkOfTheSecondRun()
    {
        using var loop = new AsynkitLoop();
        int first = loop.RunUntilComplete(async () => await Task.Run(() => 1));
        bool onLoop = false;
        int second = loop.RunUntilComplete(async () => await Task.Run(() =>
        {
            onLoop = AsynkitLoop.Current == loop;
            return 2;
        }));

        (first, second).ShouldBe((1, 2));
        onLoop.ShouldBeTrue();
    }

    [Fact]
    public void WithoutThreadPoolControl_TaskRunIsAnEscapeThatSaysHowToTurnControlOn()
    {
        using var loop = new AsynkitLoop(new LoopOptions { ControlThreadPool = false });
        using var started = new ManualResetEventSlim();
        var error = Should.Throw<UncontrolledConcurrencyException>(() => loop.RunUntilComplete(async () =>
        {
            // The body waits until main has suspended in its await (the loop's next step lets it go): a Task.Run that finished
            // before the await would let main go on at once, with nothing to escape.
            Task<int> work = Task.Run(() =>
            {
                started.Wait();
                return 1;
            });
            AsynkitLoop.Current!.CallSoon(started.Set);
            await work;
        }));

        error.Message.ShouldContain("turn LoopOptions.ControlThreadPool back on");
    }
}
