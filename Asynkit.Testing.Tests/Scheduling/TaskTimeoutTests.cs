namespace Asynkit.Testing.Tests;

/// <summary>asynkit's TestTimeout cases for Scheduling.TaskTimeout, in virtual time.</summary>
public sealed class TaskTimeoutTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void TaskTimeout_SleepLongerThanTheTimeout_RaisesTheScopesExceptionAtTheDeadline(double seconds)
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            TaskTimeoutScope? scope = null;
            TaskTimeoutException error = await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
            {
                using (scope = Scheduling.TaskTimeout(TimeSpan.FromSeconds(seconds)))
                {
                    await Scheduling.Sleep(TimeSpan.FromSeconds(0.1));
                }
            });

            error.Scope.ShouldBeSameAs(scope);
            error.ShouldBeAssignableTo<TimeoutException>();
            scope!.Expired.ShouldBeTrue();
            scope.IsActive.ShouldBeFalse();
            scope.Token.IsCancellationRequested.ShouldBeTrue();
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(seconds));
            loop.Clock.PendingTimers.ShouldBe(0);
        });
    }

    [Fact]
    public void TaskTimeout_NoAwaitInside_ZeroDuration_DoesNotRaise()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            using (TaskTimeoutScope scope = Scheduling.TaskTimeout(TimeSpan.Zero))
            {
                scope.Deadline.ShouldBe(TimeSpan.Zero);
            }

            await Scheduling.Sleep(TimeSpan.FromSeconds(1));
            loop.Clock.PendingTimers.ShouldBe(0);
        });
    }

    [Fact]
    public void TaskTimeout_EndsInTime_CancelsItsTimerAndNeverFires()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            TaskTimeoutScope scope;
            using (scope = Scheduling.TaskTimeout(TimeSpan.FromSeconds(5)))
            {
                loop.Clock.PendingTimers.ShouldBe(1);
                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
            }

            loop.Clock.PendingTimers.ShouldBe(0);
            await Scheduling.Sleep(TimeSpan.FromSeconds(10));
            scope.Expired.ShouldBeFalse();
            scope.Token.IsCancellationRequested.ShouldBeFalse();
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(11));
        });
    }

    [Fact]
    public void TaskTimeout_Infinite_NeverFires()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            using (TaskTimeoutScope scope = Scheduling.TaskTimeout(Timeout.InfiniteTimeSpan))
            {
                loop.Clock.PendingTimers.ShouldBe(0);
                scope.Deadline.ShouldBe(Timeout.InfiniteTimeSpan);
                await Scheduling.Sleep(TimeSpan.FromDays(1));
                scope.Expired.ShouldBeFalse();
            }
        });
    }

    [Fact]
    public void TaskTimeout_AHourLongTimeout_TakesOnlyVirtualTime()
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan elapsed = AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
            {
                using (Scheduling.TaskTimeout(TimeSpan.FromHours(1)))
                {
                    await Scheduling.Sleep(TimeSpan.FromHours(2));
                }
            });

            return loop.Clock.Elapsed;
        });

        elapsed.ShouldBe(TimeSpan.FromHours(1));
        wall.Elapsed.ShouldBeLessThan(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void TaskTimeout_AwaitingAnotherTask_TheOtherTaskKeepsRunning()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask task = loop.CreateTask(async () =>
            {
                LoopTask<string> t = loop.CreateTask(async () =>
                {
                    await Scheduling.Sleep(TimeSpan.FromSeconds(0.1));
                    return "ok";
                }, "task1");
                await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
                {
                    using (Scheduling.TaskTimeout(TimeSpan.FromSeconds(0.05)))
                    {
                        await Scheduling.Interruptible(t.Task);
                    }
                });
                Scheduling.TaskIsBlocked(t).ShouldBeTrue();
                loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(0.05));
                (await t).ShouldBe("ok");
                loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(0.1));
            }, "task2");
            await task;
        });
    }

    [Fact]
    public void TaskTimeout_NestedOuterEarlier_OuterRaisesThroughTheInnerScope()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            TaskTimeoutScope? outer = null;
            TaskTimeoutScope? inner = null;
            bool innerSawIt = false;
            TaskTimeoutException error = await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
            {
                using (outer = Scheduling.TaskTimeout(TimeSpan.FromSeconds(0.01)))
                {
                    try
                    {
                        using (inner = Scheduling.TaskTimeout(TimeSpan.FromSeconds(0.1)))
                        {
                            await Scheduling.Sleep(TimeSpan.FromSeconds(0.2));
                        }
                    }
                    catch (TaskTimeoutException ex) when (ex.Scope == inner)
                    {
                        innerSawIt = true;
                    }

                    throw new InvalidOperationException("should not get here");
                }
            });

            error.Scope.ShouldBeSameAs(outer);
            innerSawIt.ShouldBeFalse();
            inner!.Expired.ShouldBeFalse();
            outer!.Expired.ShouldBeTrue();
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(0.01));
            await Scheduling.Sleep(TimeSpan.FromSeconds(1));
            inner.Expired.ShouldBeFalse();
        });
    }

    [Fact]
    public void TaskTimeout_NestedInnerEarlier_InnerIsCaughtInsideAndTheOuterScopeContinues()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            using (TaskTimeoutScope outer = Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
            {
                TaskTimeoutScope? inner = null;
                try
                {
                    using (inner = Scheduling.TaskTimeout(TimeSpan.FromSeconds(0.1)))
                    {
                        await Scheduling.Sleep(TimeSpan.FromSeconds(0.5));
                    }
                }
                catch (TaskTimeoutException ex) when (ex.Scope == outer)
                {
                    log.Add("outer caught by mistake");
                }
                catch (TaskTimeoutException ex) when (ex.Scope == inner)
                {
                    log.Add($"inner at {loop.Clock.Elapsed.TotalSeconds}");
                }

                await Scheduling.Sleep(TimeSpan.FromSeconds(0.5));
                log.Add($"still inside outer at {loop.Clock.Elapsed.TotalSeconds}");
                outer.Expired.ShouldBeFalse();
            }
        });

        log.ShouldBe(["inner at 0.1", "still inside outer at 0.6"]);
    }

    [Fact]
    public void TaskTimeout_NestedSameDeadline_TheOuterOneWins()
    {
        AsynkitLoop.Run(async () =>
        {
            TaskTimeoutScope? outer = null;
            TaskTimeoutScope? inner = null;
            TaskTimeoutException error = await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
            {
                using (outer = Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
                {
                    using (inner = Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
                    {
                        await Scheduling.Sleep(TimeSpan.FromSeconds(2));
                    }
                }
            });

            error.Scope.ShouldBeSameAs(outer);
            outer!.Expired.ShouldBeTrue();
            inner!.Expired.ShouldBeTrue(); // both deadlines passed; the exception is the outer scope's (docs/priority.md)
        });
    }

    [Fact]
    public void TaskTimeout_BothDeadlinesPassAtANonInterruptibleAwait_TheOuterOneIsRaised()
    {
        // The inner deadline passes first and its timeout goes pending (the task waits at an await the loop does not own); the
        // outer deadline passes before the task reaches an interruptible await and replaces it: the outer one propagates.
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            TaskTimeoutScope? outer = null;
            TaskTimeoutException error = await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
            {
                using (outer = Scheduling.TaskTimeout(TimeSpan.FromSeconds(2)))
                {
                    using (Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
                    {
                        // Not interruptible: both deadlines pass while the task waits here, and the timeouts go pending.
                        await Task.Delay(TimeSpan.FromSeconds(3), loop.Clock);
                        await Scheduling.Sleep(TimeSpan.Zero);
                    }
                }
            });

            error.Scope.ShouldBeSameAs(outer);
        });
    }

    [Fact]
    public void TaskTimeout_NonInterruptibleAwaitWithTheToken_EndsWithOperationCanceledAtTheDeadline()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var never = new TaskCompletionSource();
            using TaskTimeoutScope scope = Scheduling.TaskTimeout(TimeSpan.FromSeconds(1));
            await LoopAssert.ThrowsAsync<OperationCanceledException>(never.Task.WaitAsync(scope.Token));
            scope.Expired.ShouldBeTrue();
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(1));
        });
    }

    [Fact]
    public void TaskTimeout_DeadlineAtANonInterruptibleAwait_RaisesAtTheNextInterruptibleAwait()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            bool reachedAfterDelay = false;
            TaskTimeoutScope? scope = null;
            TaskTimeoutException error = await LoopAssert.ThrowsAsync<TaskTimeoutException>(async () =>
            {
                using (scope = Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), loop.Clock);
                    reachedAfterDelay = true;
                    await Scheduling.Sleep(TimeSpan.Zero);
                }
            });

            error.Scope.ShouldBeSameAs(scope);
            reachedAfterDelay.ShouldBeTrue();
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(10));
        });
    }

    [Fact]
    public void TaskTimeout_PendingTimeoutAndTheScopeEnds_IsDropped()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            TaskTimeoutScope scope;
            using (scope = Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
            {
                await Task.Delay(TimeSpan.FromSeconds(10), loop.Clock);
            }

            scope.Expired.ShouldBeTrue();
            await Scheduling.Sleep(TimeSpan.FromSeconds(1));
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(11));
        });
    }

    [Fact]
    public void TaskTimeout_InvalidDurations_ThrowArgumentOutOfRange()
    {
        AsynkitLoop.Run(async () =>
        {
            var negative = Should.Throw<ArgumentOutOfRangeException>(() => Scheduling.TaskTimeout(TimeSpan.FromSeconds(-1)));
            negative.ParamName.ShouldBe("duration");
            negative.Message.ShouldContain("non-negative, or Timeout.InfiniteTimeSpan");
            await Scheduling.Sleep(TimeSpan.FromSeconds(1));
            var huge = Should.Throw<ArgumentOutOfRangeException>(() => Scheduling.TaskTimeout(TimeSpan.MaxValue));
            huge.Message.ShouldContain("beyond the virtual clock's range");
            AsynkitLoop.Current!.Clock.PendingTimers.ShouldBe(0);
            using (Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
            {
                await Scheduling.Sleep(TimeSpan.FromSeconds(0.5));
            }
        });
    }

    [Fact]
    public void TaskTimeout_OutsideALoopOrFromACallback_ThrowsInvalidOperation()
    {
        Should.Throw<InvalidOperationException>(() => Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
            .Message.ShouldContain("Scheduling.TaskTimeout must be called on a running AsynkitLoop");
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            InvalidOperationException? error = null;
            loop.CallSoon(() => error = Should.Throw<InvalidOperationException>(() => Scheduling.TaskTimeout(TimeSpan.FromSeconds(1))));
            await Task.Yield();
            error!.Message.ShouldContain("must be called by a loop task");
        });
    }

    [Fact]
    public void TaskTimeout_SwallowedTimeout_TheTaskCarriesOn()
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            int attempts = 0;
            using (TaskTimeoutScope scope = Scheduling.TaskTimeout(TimeSpan.FromSeconds(1)))
            {
                try
                {
                    attempts++;
                    await Scheduling.Sleep(TimeSpan.FromSeconds(5));
                }
                catch (TaskTimeoutException ex) when (ex.Scope == scope)
                {
                }

                attempts++;
                await Scheduling.Sleep(TimeSpan.FromSeconds(5));
            }

            attempts.ShouldBe(2);
            loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(6));
        });
    }
}
