using System.Collections.Immutable;
using Asynkit.Examples.Catalogue;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class LinearizabilityTests
{
    /// <summary>Two producers enqueue three values each, two consumers try to dequeue three times each, on a correct queue.</summary>
    private static async Task CorrectQueueWorkloadAsync()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var queue = new WriteBehind.QueueService(writeBehind: false);
        var history = new History<QueueOperation, int?>();
        var tasks = new List<Task>();
        for (int p = 0; p < 2; p++)
        {
            int producer = p;
            tasks.Add(loop.CreateTask(async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    int value = (producer * 10) + i;
                    await history.RecordAsync(QueueOperation.Enqueue(value), async () =>
                    {
                        await queue.EnqueueAsync(value);
                        return null;
                    });
                }
            }, $"producer-{p}").Task);
        }

        for (int c = 0; c < 2; c++)
        {
            tasks.Add(loop.CreateTask(async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    await history.RecordAsync(QueueOperation.TryDequeue(), queue.TryDequeueAsync);
                }
            }, $"consumer-{c}").Task);
        }

        await Task.WhenAll(tasks);
        history.AssertLinearizable(QueueModel.Instance);
    }

    [Fact]
    public void Explore_CorrectAsyncQueue_Passes10000Schedules()
    {
        ExplorationResult result = Explorer.Explore(CorrectQueueWorkloadAsync, new ExplorationOptions { Iterations = 10_000, Seed = 17 });

        result.Failed.ShouldBeFalse(result.ToString());
        result.SchedulesExplored.ShouldBe(10_000);
        result.DistinctSchedules.ShouldBeGreaterThan(5_000);
    }

    [Fact]
    public void Explore_WriteBehindQueue_FoundWithTheSubHistoryTheStateTraceAndAToken()
    {
        ExplorationResult result = Explorer.Explore(WriteBehind.Program.Buggy, new ExplorationOptions { Iterations = 2000, Seed = 5 });

        LinearizabilityException error = result.Failure.ShouldBeOfType<LinearizabilityException>();
        error.Message.ShouldStartWith("history not linearizable: no sequential order of its operations explains their outputs (5 operation(s)).");
        error.Message.ShouldContain("Smallest non-linearizable sub-history found (");
        error.Message.ShouldContain("producer #2");
        error.Message.ShouldContain("Model state there: [");
        error.Message.ShouldContain("must come next, and ");
        error.Result.ShouldNotBeNull().IsLinearizable.ShouldBeFalse();
        result.Trace.ShouldNotBeNull().ShouldContain("LinearizabilityException");
        Explorer.Replay(WriteBehind.Program.Buggy, result.ReplayToken!).Failure.ShouldBeOfType<LinearizabilityException>().Message.ShouldBe(error.Message);
    }

    [Fact]
    public void Check_EnqueueReturnedThenDequeueFoundItEmpty_ShowsTheSmallestSubHistoryAndTheState()
    {
        var history = new History<QueueOperation, int?>();
        history.Invoke(QueueOperation.Enqueue(1)).Return(null);          // [1..2]
        history.Invoke(QueueOperation.Enqueue(2)).Return(null);          // [3..4]: quiescent here, and linearizable so far
        history.Invoke(QueueOperation.TryDequeue()).Return(2);           // [5..6]: 1 was first
        history.Invoke(QueueOperation.Enqueue(3)).Return(null);          // [7..8]: after the violation

        LinearizabilityResult result = history.Check(QueueModel.Instance);

        result.IsLinearizable.ShouldBeFalse();
        result.SubHistory.Count.ShouldBe(3, "the prefix up to the failing dequeue; Enqueue(3) is left out");
        result.LongestOrder.ShouldBe(["#1 Enqueue(1)", "#2 Enqueue(2)"]);
        result.StateWhereNoOrderFits.ShouldBe("[1, 2]");
        result.Blocking.ShouldBe("#3 TryDequeue() -> 2");
        result.ToString().ShouldContain("#3    (outside the loop)   [5..6]  TryDequeue() -> 2");
    }

    [Fact]
    public void Check_OverlappingOperations_AnyOrderThatFitsIsFound()
    {
        var history = new History<QueueOperation, int?>();
        History<QueueOperation, int?>.PendingOperation first = history.Invoke(QueueOperation.Enqueue(1));
        History<QueueOperation, int?>.PendingOperation second = history.Invoke(QueueOperation.Enqueue(2));
        History<QueueOperation, int?>.PendingOperation dequeue = history.Invoke(QueueOperation.TryDequeue());
        dequeue.Return(2); // the three overlap: Enqueue(2) may have gone first
        second.Return(null);
        first.Return(null);
        history.Invoke(QueueOperation.TryDequeue()).Return(1);

        history.Check(QueueModel.Instance).IsLinearizable.ShouldBeTrue();
    }

    [Fact]
    public void Check_KeyedRegisters_SplitByKeyAndTheFailingKeyIsNamed()
    {
        var history = new History<(string Key, int? Write), int?>();
        for (int i = 0; i < 50; i++)
        {
            string key = $"k{i % 5}";
            history.Invoke((key, i)).Return(null);
            history.Invoke((key, null)).Return(key == "k3" && i == 43 ? -1 : i);
        }

        LinearizabilityResult result = history.Check(new RegisterModel());

        result.IsLinearizable.ShouldBeFalse();
        result.Partitions.ShouldBe(5);
        result.FailingPartition.ShouldBe("k3");
        result.ToString().ShouldContain("key 'k3' fails, 20 operation(s)");
        result.StateWhereNoOrderFits.ShouldBe("43");
    }

    [Fact]
    public void Check_LongCorrectHistory_IsLinearizable()
    {
        // 300 operations with up to three in flight at once: memoization keeps the search small.
        var history = new History<QueueOperation, int?>();
        var model = ImmutableQueue<int>.Empty;
        for (int i = 0; i < 100; i++)
        {
            History<QueueOperation, int?>.PendingOperation a = history.Invoke(QueueOperation.Enqueue(i));
            History<QueueOperation, int?>.PendingOperation b = history.Invoke(QueueOperation.TryDequeue());
            History<QueueOperation, int?>.PendingOperation c = history.Invoke(QueueOperation.Enqueue(1000 + i));
            model = model.Enqueue(i);
            model = model.Dequeue(out int head);
            model = model.Enqueue(1000 + i);
            b.Return(head);
            a.Return(null);
            c.Return(null);
        }

        LinearizabilityResult result = history.Check(QueueModel.Instance);

        result.IsLinearizable.ShouldBeTrue(result.ToString());
        result.Operations.ShouldBe(300);
    }

    [Fact]
    public void Check_OperationNeverReturned_SaysToAwaitIt()
    {
        var history = new History<QueueOperation, int?>();
        history.Invoke(QueueOperation.Enqueue(1));

        Should.Throw<InvalidOperationException>(() => history.Check(QueueModel.Instance)).Message.ShouldContain("Operation #1 (Enqueue(1)) by (outside the loop) was invoked but never returned");
        Should.Throw<ArgumentNullException>(() => history.Check<ImmutableQueue<int>>(null!)).ParamName.ShouldBe("model");
    }

    [Fact]
    public void Return_Twice_Throws()
    {
        var history = new History<QueueOperation, int?>();
        History<QueueOperation, int?>.PendingOperation call = history.Invoke(QueueOperation.Enqueue(1));
        call.Return(null);

        Should.Throw<InvalidOperationException>(() => call.Return(null)).Message.ShouldContain("already returned");
    }

    /// <summary>Registers by key: a write (key, value) returns null; a read (key, null) returns the value, or null before any write.</summary>
    private sealed class RegisterModel : SequentialModel<int?, (string Key, int? Write), int?>
    {
        public override int? Initial => null;

        public override object? PartitionKey((string Key, int? Write) input) => input.Key;

        public override bool Apply(int? state, (string Key, int? Write) input, int? output, out int? after)
        {
            after = input.Write ?? state;
            return input.Write is not null ? output is null : output == state;
        }
    }
}
