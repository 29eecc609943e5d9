using System.Text.RegularExpressions;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests;

/// <summary>An <c>await loopTask</c> (a loop-owned wait) takes the same steps, in the same order, with the same exploration
/// schedules and trace, as an await of <c>loopTask.Task</c> did.</summary>
public sealed class InterruptLoopTaskAwaitOrderTests
{
    [Fact]
    public void Await_LoopTaskVersusItsTask_SameStepsAndOrder()
    {
        (string[] viaLoopTask, long stepsA) = Scenario(plainTask: false);
        (string[] viaTask, long stepsB) = Scenario(plainTask: true);

        viaLoopTask.ShouldBe(viaTask);
        stepsA.ShouldBe(stepsB);
        viaLoopTask.Length.ShouldBeGreaterThan(10);

        static (string[] Log, long Steps) Scenario(bool plainTask)
        {
            var log = new List<string>();
            long steps = AsynkitLoop.Run(async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                LoopTask<int> source = loop.CreateTask(async () =>
                {
                    log.Add("source start");
                    await Scheduling.Sleep(TimeSpan.Zero);
                    log.Add("source end");
                    return 1;
                }, "source");
                var waiters = new List<LoopTask>();
                for (int i = 0; i < 3; i++)
                {
                    int n = i;
                    waiters.Add(loop.CreateTask(async () =>
                    {
                        log.Add($"w{n} awaits");
                        // Mixed on purpose: one waiter awaits the Task, so the promise's continuations interleave.
                        int got = plainTask || n == 1 ? await source.Task : await source;
                        log.Add($"w{n} got {got}");
                        await Task.Yield();
                        log.Add($"w{n} yielded");
                    }, $"w{n}"));
                }

                LoopTask bystander = loop.CreateTask(async () =>
                {
                    for (int i = 0; i < 4; i++)
                    {
                        log.Add($"bystander {i}");
                        await Task.Yield();
                    }
                });
                foreach (LoopTask waiter in waiters)
                {
                    if (plainTask)
                    {
                        await waiter.Task;
                    }
                    else
                    {
                        await waiter;
                    }

                    log.Add($"main saw {waiter.Name}");
                }

                await bystander;
                return loop.StepCount;
            });
            return (log.ToArray(), steps);
        }
    }

    [Fact]
    public void Explore_LoopTaskVersusItsTask_SameSchedulesAndTheSameTrace()
    {
        var exhaustive = new ExplorationOptions { Strategy = StrategyKind.Exhaustive, Iterations = 10_000 };
        ExplorationResult viaLoopTask = Explorer.Explore(Program(plainTask: false, fail: false), exhaustive);
        ExplorationResult viaTask = Explorer.Explore(Program(plainTask: true, fail: false), exhaustive);

        viaLoopTask.SpaceCovered.ShouldBeTrue();
        viaLoopTask.SchedulesExplored.ShouldBe(viaTask.SchedulesExplored);
        viaLoopTask.DistinctSchedules.ShouldBe(viaTask.DistinctSchedules);
        viaLoopTask.TotalSteps.ShouldBe(viaTask.TotalSteps);
        viaLoopTask.SchedulesExplored.ShouldBeGreaterThan(1);

        var fifo = new ExplorationOptions { Strategy = StrategyKind.Fifo };
        string traceA = Normalize(Explorer.Explore(Program(plainTask: false, fail: true), fifo).Trace.ShouldNotBeNull());
        string traceB = Normalize(Explorer.Explore(Program(plainTask: true, fail: true), fifo).Trace.ShouldNotBeNull());
        traceA.ShouldBe(traceB);
        traceA.ShouldContain("InterruptLoopTaskAwaitOrderTests.cs:");   // the waiters' resumptions name their await, as before

        static string Normalize(string trace) => Regex.Replace(trace, @"\.cs:\d+", ".cs:N");

        static Func<Task> Program(bool plainTask, bool fail) => async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask<int> source = loop.CreateTask(async () =>
            {
                await Task.Yield();
                return 1;
            }, "source");
            LoopTask first = loop.CreateTask(async () => _ = plainTask ? await source.Task : await source, "first");
            LoopTask second = loop.CreateTask(async () => _ = plainTask ? await source.Task : await source, "second");
            if (plainTask)
            {
                await first.Task;
                await second.Task;
            }
            else
            {
                await first;
                await second;
            }

            if (fail)
            {
                throw new InvalidOperationException("end");
            }
        };
    }
}
