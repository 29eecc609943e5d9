using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Cargill's XP challenge 14: a bounded buffer whose "not full" and "not empty" waiters share one condition.</summary>
/// <remarks>Capacity 1, two readers taking 5 items each, one writer putting 10. The bug: Put and Take wait on the same
/// condition and wake only one waiter; a reader can wake the other reader instead of the writer, after which everyone
/// waits: deadlock. The fix wakes all waiters (each re-checks its own condition).</remarks>
public static class BoundedBuffer
{
    public static BugProgram Program { get; } = new(
        "bounded-buffer",
        "one condition for 'not full' and 'not empty' with notify-one deadlocks (capacity 1, 2 readers x 5, 1 writer x 10)",
        () => RunAsync(notifyAll: false),
        () => RunAsync(notifyAll: true),
        "PCT: the losing wake-up order needs both readers waiting when the writer notifies");

    private static async Task RunAsync(bool notifyAll)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var buffer = new Buffer(capacity: 1, notifyAll);
        int taken = 0;
        LoopTask writer = loop.CreateTask(
            async () =>
            {
                for (int i = 0; i < 10; i++)
                {
                    await buffer.PutAsync(i);
                }
            },
            "writer");
        LoopTask[] readers = [.. Enumerable.Range(0, 2).Select(r => loop.CreateTask(
            async () =>
            {
                for (int i = 0; i < 5; i++)
                {
                    await buffer.TakeAsync();
                    taken++;
                }
            },
            $"reader-{r}"))];
        await writer;
        foreach (LoopTask reader in readers)
        {
            await reader;
        }

        InvariantViolationException.Check(taken == 10, $"bounded-buffer: {taken} of 10 items taken");
    }

    /// <summary>A monitor-style buffer: one lock, one condition (a queue of waiters), NotifyOne or NotifyAll.</summary>
    private sealed class Buffer(int capacity, bool notifyAll)
    {
        private readonly Queue<int> _items = new();
        private readonly Queue<TaskCompletionSource> _waiters = new();

        public async Task PutAsync(int item)
        {
            while (_items.Count == capacity)
            {
                await WaitAsync();
            }

            _items.Enqueue(item);
            Notify();
            await Task.Yield(); // the writer produces the next item
        }

        public async Task<int> TakeAsync()
        {
            while (_items.Count == 0)
            {
                await WaitAsync();
            }

            int item = _items.Dequeue();
            Notify();
            await Task.Yield(); // the reader consumes the item
            return item;
        }

        private Task WaitAsync()
        {
            var waiter = new TaskCompletionSource();
            _waiters.Enqueue(waiter);
            return waiter.Task;
        }

        private void Notify()
        {
            do
            {
                if (!_waiters.TryDequeue(out TaskCompletionSource? waiter))
                {
                    return;
                }

                waiter.SetResult();
            }
            while (notifyAll);
        }
    }
}
