namespace Asynkit.Testing.Tests.Coroutines;

using Scheduling = Asynkit.Testing.Scheduling;

/// <summary>asynkit's test_anyio (TestStartSoon, TestStart with the eager group), plus failure propagation and cancellation.</summary>
public sealed class EagerTaskGroupTests
{
    private static AsynkitLoop Loop => AsynkitLoop.Current!;

    private static async Task Child(List<string> result, string value, Task gate, bool block)
    {
        result.Add("a");
        if (block)
        {
            await gate;
        }

        result.Add(value);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StartSoon_RunsChildEagerlyUntilItSuspends(bool block)
    {
        var result = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            var gate = new TaskCompletionSource();
            await using (var group = new EagerTaskGroup())
            {
                group.StartSoon(() => Child(result, "b", gate.Task, block), "myname");
                result.ShouldBe(block ? ["a"] : ["a", "b"]);
                if (block)
                {
                    Loop.AllTasks.Select(t => t.Name).ShouldContain("myname");
                }

                gate.SetResult();
            }

            result.ShouldBe(["a", "b"]);
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StartSoon_FailsBeforeAnything_ThrowsFromStartSoon(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var gate = new TaskCompletionSource();
            await using (var group = new EagerTaskGroup())
            {
                Should.Throw<EndOfStreamException>(() => group.StartSoon(async () =>
                {
                    throw new EndOfStreamException();
#pragma warning disable CS0162 // Unreachable code, as in asynkit's test.
                    if (block)
                    {
                        await gate.Task;
                    }
#pragma warning restore CS0162
                }));
                gate.SetResult();
            }
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StartSoon_FailsAfterA_ThrowsFromStartSoonOrFromDispose(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var result = new List<string>();
            var gate = new TaskCompletionSource();
            async Task Failing()
            {
                result.Add("a");
                if (block)
                {
                    await gate.Task;
                }

                throw new EndOfStreamException();
            }

            async Task Body()
            {
                await using var group = new EagerTaskGroup();
                if (block)
                {
                    group.StartSoon(Failing);
                }
                else
                {
                    Should.Throw<EndOfStreamException>(() => group.StartSoon(Failing));
                }

                result.ShouldBe(["a"]);
                gate.SetResult();
            }

            if (block)
            {
                await LoopAssert.ThrowsAsync<EndOfStreamException>(Body);
            }
            else
            {
                await Body(); // the failure was thrown by StartSoon and caught: the group exits normally
            }
        });
    }

    private static async Task StartedChild(List<string> result, string value, Task gate, bool block, StartedSignal<string> status)
    {
        result.Add("a");
        if (block)
        {
            await gate;
        }

        status.Started(value);
        result.Add(value);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Start_ChildSignals_TaskGivesValue(bool block)
    {
        var result = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            var gate = new TaskCompletionSource();
            await using (var group = new EagerTaskGroup())
            {
                Task<string> started = group.Start<string>(s => StartedChild(result, "b", gate.Task, block, s), "myname");
                result.ShouldBe(block ? ["a"] : ["a", "b"]);
                started.IsCompleted.ShouldBe(!block);
                gate.SetResult();
                (await started).ShouldBe("b");
            }

            result.ShouldBe(["a", "b"]);
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Start_FailsBeforeSignal_StartTaskFailsGroupDoesNot(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var result = new List<string>();
            var gate = new TaskCompletionSource();
            await using (var group = new EagerTaskGroup())
            {
                Task<string> started = group.Start<string>(async _ =>
                {
                    result.Add("a");
                    if (block)
                    {
                        await gate.Task;
                    }

                    throw new EndOfStreamException();
                });
                result.ShouldBe(["a"]);
                gate.SetResult();
                await LoopAssert.ThrowsAsync<EndOfStreamException>(started);
            }
        });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Start_FailsAfterSignal_GroupThrows(bool block)
    {
        var result = new List<string>();
        bool gotStart = false;
        EndOfStreamException error = Should.Throw<EndOfStreamException>(() => AsynkitLoop.Run(async () =>
        {
            var gate = new TaskCompletionSource();
            await using var group = new EagerTaskGroup();
            Task<string> started = group.Start<string>(async s =>
            {
                result.Add("a");
                if (block)
                {
                    await gate.Task;
                }

                s.Started("b");
                result.Add("b");
                throw new EndOfStreamException();
            });
            result.ShouldBe(block ? ["a"] : ["a", "b"]);
            gate.SetResult();
            (await started).ShouldBe("b");
            gotStart = true;
        }));
        error.ShouldNotBeNull();
        result.ShouldBe(["a", "b"]);
        gotStart.ShouldBeTrue();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Start_EndsWithoutSignal_StartTaskFailsClearly(bool block)
    {
        AsynkitLoop.Run(async () =>
        {
            var result = new List<string>();
            var gate = new TaskCompletionSource();
            await using (var group = new EagerTaskGroup())
            {
                Task<string> started = group.Start<string>(_ => Child(result, "b", gate.Task, block));
                gate.SetResult();
                InvalidOperationException error = await LoopAssert.ThrowsAsync<InvalidOperationException>(started);
                error.Message.ShouldContain("exited without calling StartedSignal.Started()");
            }

            result.ShouldBe(["a", "b"]);
        });
    }

    [Fact]
    public void DisposeAsync_ChildFails_CancelsSiblingsAndThrowsFirstFailure()
    {
        var log = new List<string>();
        VirtualClock? clock = null;
        FormatException error = Should.Throw<FormatException>(() => AsynkitLoop.Run(async () =>
        {
            clock = Loop.Clock;
            await using (var group = new EagerTaskGroup())
            {
                group.StartSoon(
                    async token =>
                    {
                        try
                        {
                            await Task.Delay(TimeSpan.FromHours(1), Loop.Clock, token);
                            log.Add("token sleeper finished");
                        }
                        catch (OperationCanceledException)
                        {
                            log.Add("token sleeper cancelled");
                            throw;
                        }
                    },
                    "token-sleeper");
                group.StartSoon(
                    async () =>
                    {
                        try
                        {
                            await Scheduling.Sleep(TimeSpan.FromHours(1));
                            log.Add("sleeper finished");
                        }
                        catch (OperationCanceledException)
                        {
                            log.Add("sleeper cancelled");
                            throw;
                        }
                    },
                    "sleeper");
                group.StartSoon(
                    async () =>
                    {
                        await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                        throw new FormatException("first");
                    },
                    "failing");
            }
        }));

        error.Message.ShouldBe("first");
        error.Data.Contains(EagerTaskGroup.OtherFailuresKey).ShouldBeFalse();
        log.Order().ShouldBe(["sleeper cancelled", "token sleeper cancelled"]);
        clock!.Elapsed.ShouldBe(TimeSpan.FromSeconds(1)); // the siblings did not sleep their hour
    }

    [Fact]
    public void DisposeAsync_SeveralFailures_OthersAttachedToFirst()
    {
        FormatException error = Should.Throw<FormatException>(() => AsynkitLoop.Run(async () =>
        {
            await using var group = new EagerTaskGroup();
            for (int i = 0; i < 3; i++)
            {
                int n = i;
                group.StartSoon(async () =>
                {
                    await Task.Yield();
                    throw new FormatException($"failure {n}");
                });
            }
        }));

        error.Message.ShouldBe("failure 0");
        var others = (Exception[])error.Data[EagerTaskGroup.OtherFailuresKey]!;
        others.Select(e => e.Message).ShouldBe(["failure 1", "failure 2"]);
    }

    [Fact]
    public void DisposeAsync_ChildStartedDuringDisposal_IsAwaitedToo()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            var group = new EagerTaskGroup();
            await using (group)
            {
                group.StartSoon(async () =>
                {
                    await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                    group.StartSoon(async () =>
                    {
                        await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                        log.Add("grandchild");
                    });
                    log.Add("child");
                });
            }

            log.ShouldBe(["child", "grandchild"]);
            Loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(2));
            Should.Throw<InvalidOperationException>(() => group.StartSoon(() => Task.CompletedTask)).Message.ShouldContain("disposed");
        });
    }

    [Fact]
    public void RunAsync_BodyThrows_CancelsChildrenAndRethrows()
    {
        bool childCancelled = false;
        Should.Throw<ArithmeticException>(() => AsynkitLoop.Run(() => EagerTaskGroup.RunAsync(async group =>
        {
            group.StartSoon(async token =>
            {
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, Loop.Clock, token);
                }
                catch (OperationCanceledException)
                {
                    childCancelled = true;
                    throw;
                }
            });
            await Task.Yield();
            throw new ArithmeticException("body");
        })));
        childCancelled.ShouldBeTrue();
    }

    [Fact]
    public void EagerTaskGroup_OutsideLoop_Throws()
    {
        Should.Throw<InvalidOperationException>(() => new EagerTaskGroup()).Message.ShouldContain("running AsynkitLoop");
    }

    [Fact]
    public void DisposeAsync_FromTwoTasks_BothReturnWhenChildrenEnd()
    {
        AsynkitLoop.Run(async () =>
        {
            var group = new EagerTaskGroup();
            group.StartSoon(() => Scheduling.Sleep(TimeSpan.FromSeconds(1)));
            LoopTask other = Loop.CreateTask(async () => await group.DisposeAsync());
            await Task.Yield();
            await group.DisposeAsync();
            await other;
            Loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(1));
        });
    }
}
