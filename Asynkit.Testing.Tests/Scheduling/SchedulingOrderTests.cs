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
