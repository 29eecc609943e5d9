namespace Asynkit.Testing.Tests.Exploration;

/// <summary>Programs for fair scheduling and timer choices: a correct poller, a real livelock, and timers due together.</summary>
internal static class FairnessPrograms
{
    /// <summary>Main polls <c>while (result == 0) await Task.Yield();</c> for a worker that yields three times first: correct,
    /// but a strategy that always prefers main starves the worker and the run looks like a livelock.</summary>
    public static Func<Task> Polling() => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        int result = 0;
        LoopTask worker = loop.CreateTask(async () =>
        {
            for (int i = 0; i < 3; i++)
            {
                await Task.Yield();
            }

            result = 42;
        }, "worker");
        while (result == 0)
        {
            await Task.Yield();
        }

        await worker;
    };

    /// <summary>A real livelock that only some schedules reach: the spinner checks a flag once, before the setter ran, and then
    /// spins forever; in FIFO order the setter runs first and the program ends.</summary>
    public static Func<Task> ScheduleDependentLivelock() => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        bool ready = false;
        LoopTask setter = loop.CreateTask(() =>
        {
            ready = true;
            return Task.CompletedTask;
        }, "setter");
        LoopTask spinner = loop.CreateTask(async () =>
        {
            if (!ready)
            {
                while (true)
                {
                    await Task.Yield();
                }
            }
        }, "spinner");
        await Task.WhenAll(setter.Task, spinner.Task);
    };

    /// <summary>A response and a timeout both due at +100 ms; the response's timer is created first, so FIFO fires it first and
    /// the program passes. The bug needs the other order; the fixed twin accepts either.</summary>
    public static Func<Task> SameInstantTimers(bool fixedTwin = false) => async () =>
    {
        VirtualClock clock = AsynkitLoop.Current!.Clock;
        Task response = Task.Delay(TimeSpan.FromMilliseconds(100), clock);
        Task timeout = Task.Delay(TimeSpan.FromMilliseconds(100), clock);
        Task first = await Task.WhenAny(response, timeout);
        if (first == timeout && !fixedTwin)
        {
            throw new TimeoutException("the request timed out although its response was due at the same instant");
        }
    };
}
