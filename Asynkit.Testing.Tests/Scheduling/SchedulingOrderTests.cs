namespace Asynkit.Testing.Tests;


public sealed class SchedulingOrderTests
{
    private static List<LoopTask> CreateLoggers(List<object> log, int count)
    {
        var tasks = new List<LoopTask>();
        for (int i = 0; i < count; i++)
        {
            int n = i;
            tasks.Add(AsynkitLoop.Current!.CreateTask(() =>
            {
                log.Add(n);
                return Task.CompletedTask;
            }));
        }

        return tasks;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void SleepInsert_Position_ResumesAfterThatManyItems(int position)
    {
        var log = new List<object>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop.Current!.ReadyCount.ShouldBe(0);
            CreateLoggers(log, 6);
            AsynkitLoop.Current!.ReadyCount.ShouldBe(6);
            await Scheduling.SleepInsert(position);
            AsynkitLoop.Current!.ReadyCount.ShouldBe(6 - position);
            log.Add("me");
            await Task.Yield();
        });

        var expected = new List<object> { 0, 1, 2, 3, 4, 5 };
        expected.Insert(position, "me");
        log.ShouldBe(expected);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    public void TaskReinsert_LastTask_MovesToPosition(int position)
    {
        var log = new List<object>();
        AsynkitLoop.Run(async () =>
        {
            List<LoopTask> tasks = CreateLoggers(log, 6);
            Scheduling.TaskReinsert(tasks[^1], position);
            await Task.Yield();
        });

        var expected = new List<object> { 0, 1, 2, 3, 4 };
        expected.Insert(Math.Min(position, expected.Count), 5); // list.insert clamps
        log.ShouldBe(expected);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void TaskSwitch_NoInsertPosition_TargetFirstCallerLast(int target)
    {
        var log = new List<object>();
        AsynkitLoop.Run(async () =>
        {
            List<LoopTask> tasks = CreateLoggers(log, 6);
            await Scheduling.TaskSwitch(tasks[target]);
            log.Add("me");
            await Task.Yield();
            log.Count.ShouldBe(7);
        });

        var expected = new List<object> { 0, 1, 2, 3, 4, 5 };
        expected.Remove(target);
        expected.Insert(0, target);
        expected.Add("me");
        log.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null, new object[] { 3, 0, 1, 2, 4, 5, "me" })]
    [InlineData(0, new object[] { "me", 3, 0, 1, 2, 4, 5 })]
    [InlineData(1, new object[] { 3, "me", 0, 1, 2, 4, 5 })]
    [InlineData(2, new object[] { 3, 0, "me", 1, 2, 4, 5 })]
    public void TaskSwitch_InsertPosition_PlacesCaller(int? insertPosition, object[] expected)
    {
        var log = new List<object>();
        AsynkitLoop.Run(async () =>
        {
            List<LoopTask> tasks = CreateLoggers(log, 6);
            await Scheduling.TaskSwitch(tasks[3], insertPosition);
            log.Add("me");
            await Task.Yield();
        });

        log.ShouldBe(expected);
    }
}

public sealed class CreateTaskOrderTests
{
    [Fact]
    public void CreateTaskDescend_CallerResumesRightAfterTheNewTaskBlocks()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            loop.CallSoon(() => log.Add("queued before"));
            LoopTask child = await Scheduling.CreateTaskDescend(
                async () =>
                {
                    log.Add("child starts");
                    await Task.Yield();
                    log.Add("child resumes");
                },
                "child");
            log.Add("caller resumes");
            child.Name.ShouldBe("child");
            await child;
        });

        log.ShouldBe(["child starts", "caller resumes", "queued before", "child resumes"]);
    }

    [Fact]
    public void CreateTaskStart_NewTaskGetsOneRoundBeforeTheCaller()
    {
        var log = new List<string>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            loop.CallSoon(() => log.Add("queued before"));
            LoopTask child = await Scheduling.CreateTaskStart(async () =>
            {
                log.Add("child starts");
                await Task.Yield();
                log.Add("child resumes");
            });
            log.Add("caller resumes");
            await child;
        });

        log.ShouldBe(["queued before", "child starts", "caller resumes", "child resumes"]);
    }
}

public sealed class StrategySeamTests
{
    private sealed class LastStrategy : IScheduleStrategy
    {
        public List<int> Counts { get; } = [];

        public int Choose(in ChoicePoint point)
        {
            point.Kind.ShouldBe(ChoiceKind.Ready);
            point.Count.ShouldBeGreaterThan(1);
            Counts.Add(point.Count);
            return point.Count - 1;
        }
    }

    [Fact]
    public void Strategy_PicksTheTail_RunsReadyItemsInThatOrder()
    {
        var log = new List<int>();
        var strategy = new LastStrategy();
        AsynkitLoop.Run(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                for (int i = 0; i < 4; i++)
                {
                    int n = i;
                    loop.CallSoon(() => log.Add(n));
                }

                await Scheduling.Sleep(TimeSpan.FromSeconds(1));
            },
            new LoopOptions { Strategy = strategy });

        log.ShouldBe([3, 2, 1, 0]);
        strategy.Counts.ShouldBe([4, 3, 2]);
    }

    [Fact]
    public void ChoicePoint_TaskAt_NamesTheOwnerOfEachOption()
    {
        var seen = new List<string?>();
        var strategy = new RecordingStrategy(seen);
        AsynkitLoop.Run(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                _ = loop.CreateTask(() => Task.CompletedTask, "worker");
                loop.CallSoon(() => { });
                await Task.Yield();
            },
            new LoopOptions { Strategy = strategy });

        seen.ShouldBe(["worker", null, "main"]);
    }

    [Fact]
    public void Decide_WithoutStrategy_TakesOptionZero()
    {
        AsynkitLoop.Run(() =>
        {
            AsynkitLoop.Current!.Decide("fault", 2).ShouldBe(0);
            Should.Throw<ArgumentOutOfRangeException>(() => AsynkitLoop.Current!.Decide("fault", 0)).ParamName.ShouldBe("count");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public void Decide_WithStrategy_AsksWithDecisionKindAndLabel()
    {
        var strategy = new DecisionStrategy();
        int chosen = AsynkitLoop.Run(() => Task.FromResult(AsynkitLoop.Current!.Decide("db.write", 3)), new LoopOptions { Strategy = strategy });
        chosen.ShouldBe(2);
        strategy.Label.ShouldBe("db.write");
    }

    private sealed class RecordingStrategy(List<string?> seen) : IScheduleStrategy
    {
        public int Choose(in ChoicePoint point)
        {
            if (seen.Count == 0)
            {
                for (int i = 0; i < point.Count; i++)
                {
                    seen.Add(point.TaskAt(i)?.Name);
                }
            }

            return 0;
        }
    }

    private sealed class DecisionStrategy : IScheduleStrategy
    {
        public string? Label { get; private set; }

        public int Choose(in ChoicePoint point)
        {
            point.Kind.ShouldBe(ChoiceKind.Decision);
            Label = point.Label;
            return point.Count - 1;
        }
    }
}
