namespace Asynkit.Testing.Tests;

public sealed class TaskSetsTests
{
    private static void AssertIdentity()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var union = new HashSet<LoopTask>(Scheduling.RunnableTasks());
        union.UnionWith(Scheduling.BlockedTasks());
        if (loop.CurrentTask is { } current)
        {
            union.Add(current);
        }

        union.ShouldBe(loop.AllTasks, ignoreOrder: true);
        Scheduling.RunnableTasks().Overlaps(Scheduling.BlockedTasks()).ShouldBeFalse();
    }

    private static List<LoopTask> CreateSleepers(TimeSpan sleep, List<LoopTask>? into = null)
    {
        var tasks = into ?? [];
        for (int i = 0; i < 4; i++)
        {
            tasks.Add(AsynkitLoop.Current!.CreateTask(() => Scheduling.Sleep(sleep)));
        }

        return tasks;
    }

    [Fact]
    public void RunnableTasks_NewAndYieldingTasks_AreRunnableThenNot()
    {
        AsynkitLoop.Run(async () =>
        {
            List<LoopTask> tasks = CreateSleepers(TimeSpan.Zero);
            Scheduling.RunnableTasks().ShouldBe(tasks, ignoreOrder: true);
            AssertIdentity();

            // They settle on their sleep(0) and are queued again.
            await Task.Yield();
            Scheduling.RunnableTasks().ShouldBe(tasks, ignoreOrder: true);
            AssertIdentity();

            // They return from the sleep and finish.
            await Task.Yield();
            Scheduling.RunnableTasks().ShouldBeEmpty();
            tasks.ShouldAllBe(t => t.IsCompleted);
            AssertIdentity();
        });
    }

    [Fact]
    public void BlockedTasks_SleepingTasks_AreBlockedNotRunnable()
    {
        AsynkitLoop.Run(async () =>
        {
            AssertIdentity();
            List<LoopTask> tasks = CreateSleepers(TimeSpan.FromSeconds(0.1));
            AssertIdentity();
            await Task.Yield();
            Scheduling.BlockedTasks().ShouldBe(tasks, ignoreOrder: true);
            Scheduling.RunnableTasks().ShouldBeEmpty();
            tasks.ShouldAllBe(t => Scheduling.TaskIsBlocked(t) && !Scheduling.TaskIsRunnable(t));
            AssertIdentity();
            foreach (LoopTask task in tasks)
            {
                task.Cancel();
            }

            Scheduling.RunnableTasks().ShouldBe(tasks, ignoreOrder: true);
            AssertIdentity();
        });
    }

    [Fact]
    public void BlockedTasks_ExcludeTheCurrentTask()
    {
        AsynkitLoop.Run(() =>
        {
            LoopTask current = AsynkitLoop.Current!.CurrentTask!;
            Scheduling.BlockedTasks().ShouldNotContain(current);
            Scheduling.TaskIsBlocked(current).ShouldBeFalse();
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Identity_HoldsAtEveryStepOfAMixedWorkload()
    {
        int checks = 0;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var gate = new TaskCompletionSource();
            var tasks = new List<LoopTask>();
            for (int i = 0; i < 5; i++)
            {
                int n = i;
                tasks.Add(loop.CreateTask(async () =>
                {
                    for (int k = 0; k < 4; k++)
                    {
                        AssertIdentity();
                        checks++;
                        if (n % 2 == 0)
                        {
                            await Task.Yield();
                        }
                        else if (k == 1)
                        {
                            await gate.Task;
                        }
                        else
                        {
                            await Scheduling.Sleep(TimeSpan.FromMilliseconds(n));
                        }
                    }
                }));
            }

            for (int i = 0; i < 6; i++)
            {
                AssertIdentity();
                await Task.Yield();
            }

            gate.SetResult();
            AssertIdentity();
            await Task.WhenAll(tasks.Select(t => t.Task));
            AssertIdentity();
        });

        checks.ShouldBe(20);
    }

    [Fact]
    public void TaskIsRunnable_TaskOfAnotherLoop_ThrowsArgument()
    {
        LoopTask? other = null;
        AsynkitLoop.Run(() =>
        {
            other = AsynkitLoop.Current!.CurrentTask;
            return Task.CompletedTask;
        });
        AsynkitLoop.Run(() =>
        {
            Should.Throw<ArgumentException>(() => Scheduling.TaskIsRunnable(other!)).ParamName.ShouldBe("task");
            return Task.CompletedTask;
        });
    }
}
