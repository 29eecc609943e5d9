namespace Asynkit.Testing.Tests;

/// <summary>Programs whose concurrency is all thread-pool work (Task.Run, ConfigureAwait(false)), as production code writes it.</summary>
internal static class ForeignPrograms
{
    /// <summary>A producer and two consumers through Task.Run and a SemaphoreSlim; correct under every schedule.</summary>
    public static async Task Pipeline()
    {
        var items = new Queue<int>();
        var available = new SemaphoreSlim(0);
        using var cancel = new CancellationTokenSource();
        int consumed = 0;
        Task producer = Task.Run(async () =>
        {
            for (int i = 1; i <= 6; i++)
            {
                lock (items)
                {
                    items.Enqueue(i);
                }

                available.Release();
                await Task.Yield();
            }
        });

        async Task Consume()
        {
            for (int n = 0; n < 3; n++)
            {
                await available.WaitAsync(cancel.Token).ConfigureAwait(false);
                lock (items)
                {
                    consumed += items.Dequeue();
                }
            }
        }

        await Task.WhenAll(producer, Task.Run(Consume), Task.Run(Consume));
        if (consumed != 21)
        {
            throw new InvalidOperationException($"consumed {consumed}, expected 21");
        }
    }

    /// <summary>Two Task.Run bodies increment a shared counter with an await between read and write: a lost update.</summary>
    public static async Task LostUpdate()
    {
        int counter = 0;
        async Task Increment()
        {
            int read = counter;
            await Task.Yield();
            counter = read + 1;
        }

        await Task.WhenAll(Task.Run(Increment), Task.Run(Increment));
        if (counter != 2)
        {
            throw new InvalidOperationException($"lost update: counter is {counter}, expected 2");
        }
    }
}
