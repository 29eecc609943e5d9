using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests;

public sealed class LivenessTests
{
    /// <summary>A client asks for a reply and a server polls for requests; the server checks once for the "ready" flag, before
    /// the client set it in some schedules, and then retries forever without ever answering. In FIFO order it answers. The
    /// client stops waiting after 500 polls, which the test allows: only the liveness property sees the missing reply.</summary>
    private static Func<Task> RetryingServer(bool watched, long maxHotSteps = 100) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LivenessProperty? answered = watched ? loop.AddLiveness("every request is answered", maxHotSteps) : null;
        bool ready = false;
        bool replied = false;
        LoopTask client = loop.CreateTask(async () =>
        {
            answered?.Hot();
            ready = true;
            for (int i = 0; i < 500 && !replied; i++)
            {
                await Task.Yield();
            }

            answered?.Cold(); // answered, or given up: nothing is owed any more
        }, "client");
        LoopTask server = loop.CreateTask(async () =>
        {
            bool sawRequest = ready;
            for (int i = 0; i < 500 && !sawRequest; i++)
            {
                await Task.Yield(); // retry, but never look at the flag again
            }

            replied = sawRequest;
        }, "server");
        await Task.WhenAll(client.Task, server.Task);
    };

    [Fact]
    public void AddLiveness_HotPastItsStepBound_FailsNamingThePropertyWhenItBecameHotAndTheTask()
    {
        var error = Should.Throw<LivenessException>(() => AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LivenessProperty served = loop.AddLiveness("the order is served", maxHotSteps: 5);
            LoopTask waiter = loop.CreateTask(async () =>
            {
                served.Hot();
                while (true)
                {
                    await Task.Yield();
                }
            }, "waiter");
            await waiter;
        }));

        error.Property.ShouldBe("the order is served");
        error.HotSinceStep.ShouldBe(2);
        error.Step.ShouldBe(8);
        error.Message.ShouldBe("Liveness property 'the order is served' violated after step 8 (virtual time 00:00:00): it stayed hot for 6 steps of fair scheduling, past its bound of 5. It became hot at step 2 (virtual time 00:00:00), in a step of task 'waiter' (#2), and nothing made it cold since.");
    }

    [Fact]
    public void AddLiveness_HotPastItsTimeBound_FailsAtTheFirstStepPastIt()
    {
        var error = Should.Throw<LivenessException>(() => AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LivenessProperty lease = loop.AddLiveness("the lease is renewed", TimeSpan.FromMinutes(1));
            lease.Hot();
            for (int i = 0; i < 10; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(25), loop.Clock);
            }
        }));

        error.HotSinceTime.ShouldBe(TimeSpan.Zero);
        error.Message.ShouldContain("it stayed hot for 00:01:15 of virtual time, past its bound of 00:01:00");
    }

    [Fact]
    public void AddLiveness_StillHotWhenMainCompletes_Fails()
    {
        var error = Should.Throw<LivenessException>(() => AsynkitLoop.Run(async () =>
        {
            AsynkitLoop.Current!.AddLiveness("the mail is sent", maxHotSteps: 1000).Hot();
            await Task.Yield();
        }));

        error.Message.ShouldContain("main completed while it was still hot");
    }

    [Fact]
    public void AddLiveness_ColdWithinItsBound_Passes()
    {
        bool wasHot = false;

        AsynkitLoop.Run(async () =>
        {
            LivenessProperty served = AsynkitLoop.Current!.AddLiveness("served", maxHotSteps: 3);
            served.Hot();
            served.Hot(); // stays hot since the first
            wasHot = served.IsHot;
            await Task.Yield();
            served.Cold();
            served.IsHot.ShouldBeFalse();
            for (int i = 0; i < 10; i++)
            {
                await Task.Yield();
            }
        });

        wasHot.ShouldBeTrue();
    }

    [Fact]
    public void AddLiveness_Disposed_NoLongerWatched()
    {
        AsynkitLoop.Run(async () =>
        {
            LivenessProperty served = AsynkitLoop.Current!.AddLiveness("served", maxHotSteps: 1);
            served.Hot();
            served.Dispose();
            for (int i = 0; i < 5; i++)
            {
                await Task.Yield();
            }
        });
    }

    [Fact]
    public void Explore_RetryingServer_FoundOnlyByTheMonitorAndReplayed()
    {
        var options = new ExplorationOptions { Iterations = 2000, Seed = 3, FairAfterSteps = 0 };

        ExplorationResult unwatched = Explorer.Explore(RetryingServer(watched: false), options);
        ExplorationResult found = Explorer.Explore(RetryingServer(watched: true), options);

        unwatched.Failed.ShouldBeFalse("the client gives up: no end-of-run check sees the missing reply");
        LivenessException error = found.Failure.ShouldBeOfType<LivenessException>();
        error.Property.ShouldBe("every request is answered");
        found.ReplayToken.ShouldNotBeNull();
        found.Trace.ShouldNotBeNull().ShouldContain("LivenessException: Liveness property 'every request is answered' violated");
        ExplorationResult replayed = Explorer.Replay(RetryingServer(watched: true), found.ReplayToken);
        replayed.Failure.ShouldBeOfType<LivenessException>().Message.ShouldBe(error.Message);
    }

    [Fact]
    public void Explore_PollerStarvedOnlyBeforeSchedulingTurnsFair_IsNoViolation()
    {
        // Main polls for a worker (hot until it delivers); PCT may prefer main and starve the worker until the fair bound.
        static async Task Polling()
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LivenessProperty delivered = loop.AddLiveness("the worker delivers", maxHotSteps: 50);
            delivered.Hot();
            int result = 0;
            LoopTask worker = loop.CreateTask(async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    await Task.Yield();
                }

                result = 42;
                delivered.Cold();
            }, "worker");
            while (result == 0)
            {
                await Task.Yield();
            }

            await worker;
        }

        ExplorationResult result = Explorer.Explore(Polling, new ExplorationOptions { Iterations = 300, Seed = 1, Strategy = StrategyKind.Pct, PctDepth = 1, MaxSteps = 5000, FairAfterSteps = 500 });

        result.Failed.ShouldBeFalse(result.ToString());
        // A schedule that does not starve the worker takes about 10 steps: an average far above the bound of 50 means schedules
        // in which the property stayed hot for hundreds of unfair steps, and none of them counted.
        result.TotalSteps.ShouldBeGreaterThan(300 * 100);
    }

    [Fact]
    public void AddLiveness_BadArguments_NameTheArgument()
    {
        AsynkitLoop.Run(() =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            Should.Throw<ArgumentException>(() => loop.AddLiveness("", 5)).ParamName.ShouldBe("name");
            Should.Throw<ArgumentOutOfRangeException>(() => loop.AddLiveness("x", 0)).ParamName.ShouldBe("maxHotSteps");
            Should.Throw<ArgumentOutOfRangeException>(() => loop.AddLiveness("x", TimeSpan.Zero)).ParamName.ShouldBe("maxHotTime");
            return Task.CompletedTask;
        });
    }
}
