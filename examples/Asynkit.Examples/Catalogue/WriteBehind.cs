using Asynkit.Testing;
using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Catalogue;

/// <summary>Write-behind queue (program "write-behind-queue"): an async queue whose enqueue is persisted before the item becomes visible.</summary>
/// <remarks>The bug: EnqueueAsync acknowledges at once and persists and inserts the item in the background. A TryDequeue that
/// starts after an enqueue returned can then find the queue empty, and two enqueues made one after the other can come out in
/// the other order. Every item still ends up in the queue, once, so no end-of-test check of what was dequeued (nothing lost,
/// nothing twice) sees it; only the history, checked against a sequential queue, does: no order of the operations explains an
/// empty TryDequeue after a completed Enqueue. The fix returns from EnqueueAsync only once the item is in the queue.</remarks>
public static class WriteBehind
{
    public static BugProgram Program { get; } = new(
        "write-behind-queue",
        "an enqueue is acknowledged before its item is in the queue: a later dequeue finds it empty, or items swap",
        () => RunAsync(new QueueService(writeBehind: true), checkHistory: true),
        () => RunAsync(new QueueService(writeBehind: false), checkHistory: true),
        "linearizability: the history of enqueues and dequeues is checked against a sequential queue")
    {
        WithoutOracle = () => RunAsync(new QueueService(writeBehind: true), checkHistory: false),
        Oracle = "linearizability",
    };

    /// <summary>A producer enqueues 1 and 2; a consumer, a moment later, tries to dequeue three times.</summary>
    private static async Task RunAsync(QueueService queue, bool checkHistory)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var history = new History<QueueOperation, int?>();
        var dequeued = new List<int>();
        LoopTask producer = loop.CreateTask(async () =>
        {
            for (int value = 1; value <= 2; value++)
            {
                int item = value;
                await history.RecordAsync(QueueOperation.Enqueue(item), async () =>
                {
                    await queue.EnqueueAsync(item);
                    return null;
                });
            }
        }, "producer");
        LoopTask consumer = loop.CreateTask(async () =>
        {
            await Task.Yield(); // the consumer connects a moment later
            await Task.Yield();
            for (int i = 0; i < 3; i++)
            {
                if (await history.RecordAsync(QueueOperation.TryDequeue(), queue.TryDequeueAsync) is { } item)
                {
                    dequeued.Add(item);
                }
            }
        }, "consumer");
        await Task.WhenAll(producer.Task, consumer.Task);

        // What an end-of-test check can say: nothing dequeued that was not enqueued, nothing twice.
        InvariantViolationException.Check(dequeued.All(v => v is 1 or 2) && dequeued.Distinct().Count() == dequeued.Count, $"write-behind-queue: dequeued {string.Join(", ", dequeued)}");
        if (checkHistory)
        {
            history.AssertLinearizable(QueueModel.Instance);
        }
    }

    /// <summary>The queue: its storage write is a yield; a write-behind queue does it after acknowledging.</summary>
    public sealed class QueueService(bool writeBehind)
    {
        private readonly Queue<int> _items = new();

        public Task EnqueueAsync(int item)
        {
            if (writeBehind)
            {
                _ = PersistAndInsertAsync(item); // BUG: acknowledged before the item is in the queue
                return Task.CompletedTask;
            }

            return PersistAndInsertAsync(item);
        }

        public async Task<int?> TryDequeueAsync()
        {
            await Task.Yield(); // a round trip to the queue's store
            return _items.TryDequeue(out int item) ? item : null;
        }

        private async Task PersistAndInsertAsync(int item)
        {
            await Task.Yield(); // written to the store
            _items.Enqueue(item);
        }
    }
}
