namespace Asynkit.Testing.Tests.Exploration;

/// <summary>Small programs with planted races (and their fixed twins) that the exploration tests run.</summary>
internal static class ExplorationPrograms
{
    /// <summary>Two tasks increment a counter with a read, an await, and a write: an update can be lost. The fixed twin
    /// holds a lock (SemaphoreSlim) across the await.</summary>
    public static Func<Task> LostUpdate(bool fixedTwin = false, int yieldsBetween = 1) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        int counter = 0;
        using var gate = new SemaphoreSlim(1, 1);

        async Task Increment()
        {
            if (fixedTwin)
            {
                await gate.WaitAsync();
            }

            try
            {
                int read = counter;
                for (int i = 0; i < yieldsBetween; i++)
                {
                    await Task.Yield();
                }

                counter = read + 1;
            }
            finally
            {
                if (fixedTwin)
                {
                    gate.Release();
                }
            }
        }

        LoopTask first = loop.CreateTask(Increment, "inc-1");
        LoopTask second = loop.CreateTask(Increment, "inc-2");
        await first;
        await second;
        if (counter != 2)
        {
            throw new InvalidOperationException($"lost update: counter is {counter}, expected 2");
        }
    };

    /// <summary>A worker does 20 awaits and then sets a flag; an observer fails if it runs only after all of them.
    /// Random finds it with probability about 2^-21 per schedule, PCT depth 1 with about 1/2.</summary>
    public static Func<Task> RunToCompletion(bool fixedTwin = false) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        bool done = false;
        LoopTask worker = loop.CreateTask(async () =>
        {
            for (int i = 0; i < 20; i++)
            {
                await Task.Yield();
            }

            done = true;
        }, "worker");
        LoopTask observer = loop.CreateTask(() =>
        {
            if (done && !fixedTwin)
            {
                throw new InvalidOperationException("the observer ran after the worker had finished");
            }

            return Task.CompletedTask;
        }, "observer");
        await Task.WhenAll(worker.Task, observer.Task);
    };

    /// <summary><paramref name="tasks"/> tasks each do <paramref name="yields"/> yields (yields + 1 steps); main waits for all with
    /// WhenAll, so only the tasks' steps interleave: (tasks*(yields+1))! / ((yields+1)!)^tasks schedules.</summary>
    public static Func<Task> Interleavings(int tasks, int yields, List<string>? log = null) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var all = new Task[tasks];
        for (int t = 0; t < tasks; t++)
        {
            string name = ((char)('A' + t)).ToString();
            all[t] = loop.CreateTask(async () =>
            {
                for (int i = 0; i < yields; i++)
                {
                    await Task.Yield();
                }
            }, name).Task;
        }

        await Task.WhenAll(all);
        log?.Add("done");
    };

    /// <summary>A writer yields <paramref name="before"/> times, then sets a flag across one await; a checker fails whenever it runs
    /// while the flag is set. The failure needs exactly one preemption: the switch from the writer inside its section.</summary>
    public static Func<Task> CriticalSection(int before = 10) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        bool inside = false;
        LoopTask writer = loop.CreateTask(async () =>
        {
            for (int i = 0; i < before; i++)
            {
                await Task.Yield();
            }

            inside = true;
            await Task.Yield();
            inside = false;
        }, "writer");
        LoopTask checker = loop.CreateTask(async () =>
        {
            for (int i = 0; i < before + 2; i++)
            {
                if (inside)
                {
                    throw new InvalidOperationException("the checker saw the writer inside its critical section");
                }

                await Task.Yield();
            }
        }, "checker");
        await Task.WhenAll(writer.Task, checker.Task);
    };
}
