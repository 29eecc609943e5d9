using Nito.AsyncEx;

namespace Asynkit.Testing.Tests.Libraries;

/// <summary>Nito.AsyncEx.Coordination: its waits with a cancellation token, and AsyncProducerConsumerQueue, continue through
/// ConfigureAwait(false) awaits inside the library.</summary>
public sealed class NitoAsyncExTests
{
    private static Func<Task> LockedCounter(bool planted) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var mutex = new AsyncLock();
        using var cts = new CancellationTokenSource();
        int counter = 0;
        async Task Increment()
        {
            for (int i = 0; i < 2; i++)
            {
                if (planted && i == 1)
                {
                    // Planted bug: the second increment forgets the lock.
                    int unlocked = counter;
                    await Task.Yield();
                    counter = unlocked + 1;
                    continue;
                }

                using (await mutex.LockAsync(cts.Token))
                {
                    int read = counter;
                    await Task.Yield();
                    counter = read + 1;
                }
            }
        }

        await Task.WhenAll(loop.CreateTask(Increment, "a").Task, loop.CreateTask(Increment, "b").Task);
        if (counter != 4)
        {
            throw new InvalidOperationException($"lost update under AsyncLock: counter is {counter}, expected 4");
        }
    };

    private static Func<Task> Queue(bool planted) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var queue = new AsyncProducerConsumerQueue<int>(2);
        var semaphore = new AsyncSemaphore(1);
        using var cts = new CancellationTokenSource();
        int sum = 0;
        async Task Consume()
        {
            while (true)
            {
                int item;
                try
                {
                    item = await queue.DequeueAsync();
                }
                catch (InvalidOperationException)
                {
                    return; // completed and empty
                }

                if (!planted)
                {
                    await semaphore.WaitAsync(cts.Token);
                }

                try
                {
                    int read = sum;
                    await Task.Yield();
                    sum = read + item;
                }
                finally
                {
                    if (!planted)
                    {
                        semaphore.Release();
                    }
                }
            }
        }

        LoopTask a = loop.CreateTask(Consume, "consumer-a");
        LoopTask b = loop.CreateTask(Consume, "consumer-b");
        for (int i = 1; i <= 5; i++)
        {
            await queue.EnqueueAsync(i);
        }

        queue.CompleteAdding();
        await Task.WhenAll(a.Task, b.Task);
        if (sum != 15)
        {
            throw new InvalidOperationException($"lost an item: sum is {sum}, expected 15");
        }
    };

    [Fact]
    public void AsyncLockWithToken_IsDeterministic() => LibraryScenario.AssertDeterministic(LockedCounter(planted: false));

    [Fact]
    public void AsyncLockWithToken_PlantedUnlockedIncrement_RaceIsFound() => LibraryScenario.AssertRaceFound(LockedCounter(planted: true), "lost update under AsyncLock");

    [Fact]
    public void AsyncProducerConsumerQueue_IsDeterministic() => LibraryScenario.AssertDeterministic(Queue(planted: false));

    [Fact]
    public void AsyncProducerConsumerQueue_PlantedUnguardedSum_RaceIsFound() => LibraryScenario.AssertRaceFound(Queue(planted: true), "lost an item");
}
