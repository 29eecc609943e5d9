using static Asynkit.Testing.Tests.PriorityTestPrograms;

namespace Asynkit.Testing.Tests;

/// <summary>LoopOptions.PriorityScheduling and LoopTask.Priority (asynkit's TestPriorityScheduling).</summary>
public sealed class PriorityTests
{
    [Fact]
    public void PriorityScheduling_RandomPriorities_FinishInPriorityOrder()
    {
        var finished = new List<int>();
        AsynkitLoop.Run(
            async () =>
            {
                var random = new Random(7);
                for (int i = 0; i < 20; i++)
                {
                    int priority = random.Next(-5, 6);
                    _ = Loop.CreateTask(
                        () =>
                        {
                            finished.Add(priority);
                            return Task.CompletedTask;
                        },
                        priority);
                }

                await AwaitTasks();
            },
            PriorityOptions);

        finished.Count.ShouldBe(20);
        finished.ShouldBe(finished.Order().ToList());
        finished.Distinct().Count().ShouldBeGreaterThan(5);
    }

    [Fact]
    public void PriorityScheduling_EqualPriorities_RunFifo()
    {
        var finished = new List<(int Priority, int Index)>();
        AsynkitLoop.Run(
            async () =>
            {
                var random = new Random(11);
                for (int i = 0; i < 40; i++)
                {
                    int priority = random.Next(-5, 6);
                    int index = i;
                    _ = Loop.CreateTask(
                        () =>
                        {
                            finished.Add((priority, index));
                            return Task.CompletedTask;
                        },
                        priority);
                }

                await AwaitTasks();
            },
            PriorityOptions);

        finished.Count.ShouldBe(40);
        finished.ShouldBe(finished.Order().ToList());
    }

    [Fact]
    public void Priority_ChangedWhileQueued_MovesTheTask()
    {
        var finished = new List<(int Priority, int Index)>();
        AsynkitLoop.Run(
            async () =>
            {
                var random = new Random(3);
                var tasks = new List<LoopTask>();
                for (int i = 0; i < 40; i++)
                {
                    int priority = random.Next(-5, 6);
                    int index = i;
                    tasks.Add(Loop.CreateTask(
                        () =>
                        {
                            finished.Add((priority, index));
                            return Task.CompletedTask;
                        },
                        priority));
                }

                tasks[0].Priority = 10;
                tasks[^1].Priority = -10;
                tasks[0].EffectivePriority.ShouldBe(10);
                await AwaitTasks();
            },
            PriorityOptions);

        finished.Count.ShouldBe(40);
        finished[0].Index.ShouldBe(39);
        finished[^1].Index.ShouldBe(0);
        List<(int, int)> middle = finished.GetRange(1, 38);
        middle.ShouldBe(middle.Order().ToList());
    }

    [Fact]
    public void Priority_WithoutPriorityScheduling_IsIgnoredByTheLoop()
    {
        var finished = new List<int>();
        AsynkitLoop.Run(async () =>
        {
            foreach (int priority in new[] { 5, -5, 0 })
            {
                _ = Loop.CreateTask(
                    () =>
                    {
                        finished.Add(priority);
                        return Task.CompletedTask;
                    },
                    priority);
            }

            await AwaitTasks();
        });

        finished.ShouldBe([5, -5, 0]);
    }

    [Fact]
    public void Priority_OfTheCurrentTask_TakesEffectAtTheNextYield()
    {
        var log = new List<string>();
        AsynkitLoop.Run(
            async () =>
            {
                _ = Loop.CreateTask(() => Log(log, "a"), "a");
                _ = Loop.CreateTask(() => Log(log, "b"), "b");
                Current.Priority = TaskPriority.High;
                await Task.Yield();
                log.Add("main-high");
                Current.Priority = TaskPriority.Low;
                await Task.Yield();
                log.Add("main-low");
            },
            PriorityOptions);

        log.ShouldBe(["main-high", "a", "b", "main-low"]);
    }

    [Fact]
    public void PriorityScheduling_CallbacksAndTimers_RunAtNormal()
    {
        var log = new List<string>();
        AsynkitLoop.Run(
            async () =>
            {
                _ = Loop.CreateTask(() => Log(log, "low"), TaskPriority.Low);
                Loop.CallSoon(() => log.Add("callback"));
                _ = Loop.CreateTask(() => Log(log, "high"), TaskPriority.High);
                Loop.CallLater(TimeSpan.FromSeconds(1), () => log.Add("timer"));
                _ = Loop.CreateTask(
                    async () =>
                    {
                        await Scheduling.Sleep(TimeSpan.FromSeconds(1));
                        log.Add("low-after-sleep");
                    },
                    TaskPriority.Low);
                await AwaitTasks();
                await Scheduling.Sleep(TimeSpan.FromSeconds(2));
            },
            PriorityOptions);

        log.ShouldBe(["high", "callback", "low", "timer", "low-after-sleep"]);
    }

    [Fact]
    public void SleepInsert_UnderPriorityScheduling_PinsAheadOfBetterPriorities()
    {
        var log = new List<string>();
        AsynkitLoop.Run(
            async () =>
            {
                Current.Priority = TaskPriority.Low;
                _ = Loop.CreateTask(() => Log(log, "high1"), TaskPriority.High);
                _ = Loop.CreateTask(() => Log(log, "high2"), TaskPriority.High);
                _ = Loop.CreateTask(() => Log(log, "normal"));
                await Scheduling.SleepInsert(1);
                log.Add("main");
                await AwaitTasks();
            },
            PriorityOptions);

        log.ShouldBe(["high1", "main", "high2", "normal"]);
    }

    [Fact]
    public void TaskSwitch_UnderPriorityScheduling_RunsTheTargetFirstAndQueuesTheCallerByPriority()
    {
        var log = new List<string>();
        AsynkitLoop.Run(
            async () =>
            {
                LoopTask low = Loop.CreateTask(() => Log(log, "low"), TaskPriority.Low);
                _ = Loop.CreateTask(() => Log(log, "high"), TaskPriority.High);
                _ = Loop.CreateTask(() => Log(log, "normal"));
                await Scheduling.TaskSwitch(low);
                log.Add("main");
                await AwaitTasks();
            },
            PriorityOptions);

        // main (Normal) goes back by priority: after high, and after the earlier Normal task.
        log.ShouldBe(["low", "high", "normal", "main"]);
    }

    [Fact]
    public void ReadyItems_UnderPriorityScheduling_ListPositionedHeadThenPriorityOrder()
    {
        AsynkitLoop.Run(
            async () =>
            {
                LoopTask low = Loop.CreateTask(() => Task.CompletedTask, TaskPriority.Low, "low");
                LoopTask normal = Loop.CreateTask(() => Task.CompletedTask, "normal");
                LoopTask high = Loop.CreateTask(() => Task.CompletedTask, TaskPriority.High, "high");
                Loop.ReadyItems.Select(i => i.Task).ShouldBe([high, normal, low]);

                ReadyItem callback = Loop.CallInsert(1, () => { });
                Loop.ReadyItems.Select(i => i.Task).ShouldBe([high, null, normal, low]);

                Scheduling.TaskReinsert(low, 0);
                Loop.ReadyItems.Select(i => i.Task).ShouldBe([low, high, null, normal]);

                ReadyItem popped = Loop.ReadyPop(0);
                popped.Task.ShouldBe(low);
                ReadyItem found = Loop.ReadyFind(normal, remove: true)!;
                found.Task.ShouldBe(normal);
                Loop.ReadyItems.ShouldBe([Loop.ReadyFind(high)!, callback]);

                // Put back at the end: "no particular position", so queued by priority again.
                Loop.ReadyInsert(int.MaxValue, popped);
                Loop.ReadyInsert(-1, found);
                Loop.ReadyItems.Select(i => i.Task).ShouldBe([high, null, normal, low]);
                await AwaitTasks();
            },
            PriorityOptions);
    }

    [Fact]
    public void ReadyRotate_UnderPriorityScheduling_PinsTheWholeQueue()
    {
        var log = new List<string>();
        AsynkitLoop.Run(
            async () =>
            {
                _ = Loop.CreateTask(() => Log(log, "low"), TaskPriority.Low);
                _ = Loop.CreateTask(() => Log(log, "normal"));
                _ = Loop.CreateTask(() => Log(log, "high"), TaskPriority.High);
                Loop.ReadyRotate(1);
                _ = Loop.CreateTask(() => Log(log, "high-later"), TaskPriority.High);
                await AwaitTasks();
            },
            PriorityOptions);

        // rotate(1) of [high, normal, low] is [low, high, normal], pinned ahead of what is queued by priority later.
        log.ShouldBe(["low", "high", "normal", "high-later"]);
    }

    [Fact]
    public void Strategy_UnderPriorityScheduling_ChoosesOnlyAmongTheBestPriority()
    {
        var strategy = new LastChoiceStrategy();
        var log = new List<string>();
        AsynkitLoop.Run(
            async () =>
            {
                Current.Priority = 100;
                _ = Loop.CreateTask(() => Log(log, "normal1"));
                _ = Loop.CreateTask(() => Log(log, "high1"), TaskPriority.High);
                _ = Loop.CreateTask(() => Log(log, "normal2"));
                _ = Loop.CreateTask(() => Log(log, "high2"), TaskPriority.High);
                await Task.Yield();
            },
            new LoopOptions { PriorityScheduling = true, Strategy = strategy });

        log.ShouldBe(["high2", "high1", "normal2", "normal1"]);
        strategy.Counts.ShouldBe([2, 2]);
    }

    [Fact]
    public void PriorityScheduling_SameProgramTwice_SameOrder()
    {
        static List<string> RunOnce()
        {
            var log = new List<string>();
            AsynkitLoop.Run(
                async () =>
                {
                    var gate = new PriorityLock();
                    for (int i = 0; i < 10; i++)
                    {
                        string name = $"t{i}";
                        _ = Loop.CreateTask(
                            async () =>
                            {
                                using (await gate.AcquireAsync())
                                {
                                    await Task.Yield();
                                    log.Add(name);
                                }
                            },
                            i % 3 - 1);
                    }

                    await AwaitTasks();
                },
                PriorityOptions);
            return log;
        }

        List<string> first = RunOnce();
        first.Count.ShouldBe(10);
        RunOnce().ShouldBe(first);
    }

    private static Task Log(List<string> log, string what)
    {
        log.Add(what);
        return Task.CompletedTask;
    }

    /// <summary>Always picks the last option it is offered, and records how many it was offered.</summary>
    private sealed class LastChoiceStrategy : IScheduleStrategy
    {
        public List<int> Counts { get; } = [];

        public int Choose(in ChoicePoint point)
        {
            Counts.Add(point.Count);
            return point.Count - 1;
        }
    }
}
