namespace Asynkit.Testing.Tests;

public sealed class ReadyQueueTests
{
    private static void RunLoop(Func<AsynkitLoop, Task> body) => AsynkitLoop.Run(() => body(AsynkitLoop.Current!));

    public static TheoryData<string, int> InsertOrders() => new()
    {
        { "normal", 1 }, { "normal", 2 }, { "normal", 6 },
        { "reverse", 2 }, { "reverse", 6 },
        { "cut", 2 }, { "cut", 6 },
    };

    [Theory]
    [MemberData(nameof(InsertOrders))]
    public void CallInsert_Positions_RunInListInsertOrder(string kind, int count)
    {
        var perm = Enumerable.Range(0, count).ToList();
        if (kind == "reverse")
        {
            perm.Reverse();
        }
        else if (kind == "cut")
        {
            perm = [.. perm[(count / 2)..], .. perm[..(count / 2)]];
            perm.Reverse();
        }

        var log = new List<int>();
        var expected = new List<int>();
        RunLoop(async loop =>
        {
            loop.ReadyCount.ShouldBe(0);
            for (int i = 0; i < perm.Count; i++)
            {
                int label = i;
                loop.CallInsert(perm[i], () => log.Add(label));
                expected.Insert(Math.Min(perm[i], expected.Count), i);
            }

            await Task.Yield();
        });

        log.ShouldBe(expected);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void ReadyCount_TasksAndCallbacks_CountsBoth(int count)
    {
        RunLoop(async loop =>
        {
            loop.ReadyCount.ShouldBe(0);
            for (int i = 0; i < count; i++)
            {
                _ = loop.CreateTask(() => Task.CompletedTask);
            }

            loop.ReadyCount.ShouldBe(count);
            await Task.Yield();
            loop.CallSoon(() => { });
            loop.ReadyCount.ShouldBe(1);
            Scheduling.RunnableTasks().ShouldBeEmpty();
        });
    }

    [Fact]
    public void ReadyPop_DefaultPosition_TakesTheTail()
    {
        RunLoop(async loop =>
        {
            LoopTask a = loop.CreateTask(() => Task.CompletedTask);
            LoopTask b = loop.CreateTask(() => Task.CompletedTask);
            ReadyItem item = loop.ReadyPop();
            item.Task.ShouldBe(b);
            item.IsQueued.ShouldBeFalse();
            loop.ReadyCount.ShouldBe(1);
            Scheduling.TaskIsBlocked(b).ShouldBeTrue();
            loop.ReadyInsert(0, item);
            loop.ReadyItems.Select(i => i.Task).ShouldBe([b, a]);
            await a;
            await b;
        });
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(-1, 2)]
    [InlineData(-3, 0)]
    public void ReadyPop_Position_PythonListSemantics(int position, int expectedIndex)
    {
        RunLoop(async loop =>
        {
            var tasks = Enumerable.Range(0, 3).Select(_ => loop.CreateTask(() => Task.CompletedTask)).ToList();
            ReadyItem item = loop.ReadyPop(position);
            item.Task.ShouldBe(tasks[expectedIndex]);
            loop.ReadyInsert(expectedIndex, item);
            await Task.WhenAll(tasks.Select(t => t.Task));
        });
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-4)]
    public void ReadyPop_OutOfRange_ThrowsArgumentOutOfRangeNamingTheRange(int position)
    {
        RunLoop(async loop =>
        {
            var tasks = Enumerable.Range(0, 3).Select(_ => loop.CreateTask(() => Task.CompletedTask)).ToList();
            var error = Should.Throw<ArgumentOutOfRangeException>(() => loop.ReadyPop(position));
            error.ParamName.ShouldBe("position");
            error.Message.ShouldContain("[-3, 2]");
            await Task.WhenAll(tasks.Select(t => t.Task));
        });
    }

    [Fact]
    public void ReadyPop_EmptyQueue_ThrowsInvalidOperation()
    {
        RunLoop(async loop =>
        {
            await Task.Yield();
            Should.Throw<InvalidOperationException>(() => loop.ReadyPop()).Message.ShouldContain("empty");
        });
    }

    [Theory]
    [InlineData(0, new[] { 9, 0, 1, 2 })]
    [InlineData(1, new[] { 0, 9, 1, 2 })]
    [InlineData(3, new[] { 0, 1, 2, 9 })]
    [InlineData(100, new[] { 0, 1, 2, 9 })]
    [InlineData(-1, new[] { 0, 1, 9, 2 })]
    [InlineData(-100, new[] { 9, 0, 1, 2 })]
    public void ReadyInsert_Position_ListInsertSemanticsWithClamping(int position, int[] expected)
    {
        var log = new List<int>();
        RunLoop(async loop =>
        {
            for (int i = 0; i < 3; i++)
            {
                int n = i;
                loop.CallSoon(() => log.Add(n));
            }

            ReadyItem nine = loop.CallSoon(() => log.Add(9));
            loop.ReadyPop().ShouldBe(nine);
            loop.ReadyInsert(position, nine);
            await Task.Yield();
        });

        log.ShouldBe(expected);
    }

    [Fact]
    public void ReadyInsert_ItemAlreadyQueued_ThrowsInvalidOperation()
    {
        RunLoop(async loop =>
        {
            ReadyItem item = loop.CallSoon(() => { });
            Should.Throw<InvalidOperationException>(() => loop.ReadyInsert(0, item)).Message.ShouldContain("already in the ready queue");
            await Task.Yield();
        });
    }

    [Fact]
    public void ReadyInsert_ItemAlreadyRan_ThrowsInvalidOperation()
    {
        RunLoop(async loop =>
        {
            ReadyItem item = loop.CallSoon(() => { });
            await Task.Yield();
            item.HasRun.ShouldBeTrue();
            Should.Throw<InvalidOperationException>(() => loop.ReadyInsert(0, item)).Message.ShouldContain("already run");
        });
    }

    [Fact]
    public void ReadyInsert_ItemOfAnotherLoop_ThrowsArgument()
    {
        ReadyItem? foreign = null;
        RunLoop(loop =>
        {
            foreign = loop.CallSoon(() => { });
            loop.ReadyPop();
            return Task.CompletedTask;
        });

        RunLoop(async loop =>
        {
            Should.Throw<ArgumentException>(() => loop.ReadyInsert(0, foreign!)).ParamName.ShouldBe("item");
            await Task.Yield();
        });
    }

    [Theory]
    [InlineData(1, new[] { 4, 0, 1, 2, 3 })]
    [InlineData(2, new[] { 3, 4, 0, 1, 2 })]
    [InlineData(-1, new[] { 1, 2, 3, 4, 0 })]
    [InlineData(5, new[] { 0, 1, 2, 3, 4 })]
    [InlineData(7, new[] { 3, 4, 0, 1, 2 })]
    [InlineData(0, new[] { 0, 1, 2, 3, 4 })]
    public void ReadyRotate_N_DequeRotateSemantics(int n, int[] expected)
    {
        var log = new List<int>();
        RunLoop(async loop =>
        {
            for (int i = 0; i < 5; i++)
            {
                int k = i;
                loop.CallSoon(() => log.Add(k));
            }

            loop.ReadyRotate(n);
            await Task.Yield();
        });

        log.ShouldBe(expected);
    }

    [Fact]
    public void ReadyFind_Remove_SecondFindIsNullAndReinsertRuns()
    {
        bool ran = false;
        RunLoop(async loop =>
        {
            LoopTask task = loop.CreateTask(() =>
            {
                ran = true;
                return Task.CompletedTask;
            });
            ReadyItem? item = loop.ReadyFind(task, remove: true);
            item.ShouldNotBeNull();
            item.Task.ShouldBe(task);
            loop.ReadyFind(task).ShouldBeNull();
            loop.ReadyFind(task, remove: true).ShouldBeNull();
            Scheduling.TaskIsRunnable(task).ShouldBeFalse();
            loop.ReadyInsert(0, item);
            Scheduling.TaskIsRunnable(task).ShouldBeTrue();
            await task;
        });

        ran.ShouldBeTrue();
    }

    [Fact]
    public void ReadyItems_SameEntryTwice_SameObject()
    {
        RunLoop(async loop =>
        {
            LoopTask task = loop.CreateTask(() => Task.CompletedTask);
            ReadyItem first = loop.ReadyItems[0];
            loop.ReadyItems[0].ShouldBeSameAs(first);
            loop.ReadyFind(task).ShouldBeSameAs(first);
            first.ToString().ShouldContain("Task-2");
            await task;
        });
    }

    [Fact]
    public void CallLater_Delays_RunInDueOrderOnVirtualTime()
    {
        var log = new List<string>();
        RunLoop(async loop =>
        {
            loop.CallLater(TimeSpan.FromSeconds(2), () => log.Add($"b@{loop.Clock.Elapsed.TotalSeconds}"));
            loop.CallLater(TimeSpan.FromSeconds(1), () => log.Add($"a@{loop.Clock.Elapsed.TotalSeconds}"));
            ITimer cancelled = loop.CallLater(TimeSpan.FromSeconds(1.5), () => log.Add("cancelled"));
            cancelled.Dispose();
            await Scheduling.Sleep(TimeSpan.FromSeconds(3));
        });

        log.ShouldBe(["a@1", "b@2"]);
    }

    [Fact]
    public void TaskSwitch_TaskNotInQueue_ThrowsInvalidOperation()
    {
        RunLoop(async loop =>
        {
            LoopTask task = loop.CreateTask(() => Task.CompletedTask);
            ReadyItem item = loop.ReadyFind(task, remove: true)!;
            Should.Throw<InvalidOperationException>(() => Scheduling.TaskSwitch(task)).Message.ShouldContain("not scheduled");
            loop.ReadyInsert(int.MaxValue, item);
            await task;
        });
    }

    [Fact]
    public void TaskSwitch_BlockedTask_ThrowsInvalidOperation()
    {
        RunLoop(async loop =>
        {
            LoopTask task = loop.CreateTask(() => Scheduling.Sleep(TimeSpan.FromSeconds(0.01)));
            await Task.Yield();
            Should.Throw<InvalidOperationException>(() => Scheduling.TaskSwitch(task)).Message.ShouldContain("blocked");
            await task;
        });
    }

    [Fact]
    public void TaskReinsert_BlockedTask_ThrowsInvalidOperation()
    {
        RunLoop(async loop =>
        {
            LoopTask task = loop.CreateTask(() => Scheduling.Sleep(TimeSpan.FromSeconds(0.1)));
            await Task.Yield();
            Should.Throw<InvalidOperationException>(() => Scheduling.TaskReinsert(task, 0));
            task.Cancel();
            await Should.ThrowAsync<OperationCanceledException>(task.Task);
        });
    }
}
