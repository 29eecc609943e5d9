namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>Small programs shared by the samples: a lost update that FIFO order never shows, and its locked twin.</summary>
internal static class RacePrograms
{
    /// <summary>Workers increment a shared counter with a read, a yield and a write; worker w first yields 2w times. In FIFO
    /// order each worker writes before the next one reads; a schedule that lets a worker read in between loses an update.</summary>
    public static async Task LostUpdateAsync(int workers)
    {
        RunCounter.Current?.Increment();
        AsynkitLoop loop = AsynkitLoop.Current ?? throw new InvalidOperationException("Run inside an AsynkitLoop.");
        int counter = 0;
        var tasks = new List<LoopTask>();
        for (int w = 0; w < workers; w++)
        {
            int lead = 2 * w;
            tasks.Add(loop.CreateTask(async () =>
            {
                for (int i = 0; i < lead; i++)
                {
                    await Task.Yield();
                }

                int seen = counter;
                await Task.Yield();
                counter = seen + 1;
            }, $"worker-{w}"));
        }

        foreach (LoopTask task in tasks)
        {
            await task;
        }

        if (counter != workers)
        {
            throw new InvalidOperationException($"Lost update: {workers} workers incremented the counter, but it is {counter}.");
        }
    }

    /// <summary>The same increments under a SemaphoreSlim: no schedule loses an update.</summary>
    public static async Task LockedCounterAsync(int workers)
    {
        RunCounter.Current?.Increment();
        AsynkitLoop loop = AsynkitLoop.Current ?? throw new InvalidOperationException("Run inside an AsynkitLoop.");
        int counter = 0;
        using var gate = new SemaphoreSlim(1, 1);
        var tasks = new List<LoopTask>();
        for (int w = 0; w < workers; w++)
        {
            tasks.Add(loop.CreateTask(async () =>
            {
                await gate.WaitAsync();
                try
                {
                    int seen = counter;
                    await Task.Yield();
                    counter = seen + 1;
                }
                finally
                {
                    gate.Release();
                }
            }, $"worker-{w}"));
        }

        foreach (LoopTask task in tasks)
        {
            await task;
        }

        counter.ShouldBe(workers);
    }

    /// <summary>Two tasks append to a log; the second yields once first. Every schedule passes; Coverage label "second first"
    /// marks the schedules in which the second task appended first, which FIFO order never does.</summary>
    public static async Task OrderedArrivalAsync()
    {
        AsynkitLoop loop = AsynkitLoop.Current ?? throw new InvalidOperationException("Run inside an AsynkitLoop.");
        var log = new List<string>();
        LoopTask first = loop.CreateTask(async () =>
        {
            await Task.Yield();
            log.Add("first");
        }, "first");
        LoopTask second = loop.CreateTask(async () =>
        {
            await Task.Yield();
            await Task.Yield();
            log.Add("second");
        }, "second");
        await Task.WhenAll(first.Task, second.Task);
        Coverage.Sometimes("second first", log[0] == "second");
    }
}
