namespace Asynkit.Examples.Priority;

using Asynkit.Testing;

/// <summary>Priority inversion, and how a PriorityLock's priority inheritance resolves it (asynkit's test_priority_inversion).</summary>
internal static class PriorityLockExample
{
    public static Task RunAsync(TextWriter output)
    {
        output.WriteLine($"without high: {string.Join(", ", Finished(withHigh: false))}");
        output.WriteLine($"with high:    {string.Join(", ", Finished(withHigh: true))}");
        return Task.CompletedTask;
    }

    // docs/priority.md: begin inversion
    public static List<string> Finished(bool withHigh)
    {
        var finished = new List<string>();
        AsynkitLoop.Run(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                var gate = new PriorityLock();
                var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // an asyncio.Event

                void Done(string name) => finished.Add($"{name}@{loop.CurrentTask!.EffectivePriority}");

                async Task Low()
                {
                    using (await gate.AcquireAsync())
                    {
                        await ready.Task;                 // holds the lock while it waits
                        Done("low");
                    }
                }

                async Task Medium()
                {
                    await ready.Task;
                    Done("med");
                }

                async Task High()
                {
                    await ready.Task;
                    using (await gate.AcquireAsync())   // low now runs at high's priority until it releases
                    {
                        Done("high");
                    }
                }

                var tasks = new List<LoopTask> { loop.CreateTask(Low, 1), loop.CreateTask(Medium, 0) };
                if (withHigh)
                {
                    tasks.Add(loop.CreateTask(High, -1));
                }

                await loop.CreateTask(() => Task.CompletedTask, 1000);   // let everything better run until it blocks
                ready.SetResult();
                await Task.WhenAll(tasks.Select(t => t.Task));
            },
            new LoopOptions { PriorityScheduling = true });
        return finished;
    }

    // docs/priority.md: end inversion
}
