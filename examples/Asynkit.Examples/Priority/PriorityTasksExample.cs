namespace Asynkit.Examples.Priority;

using Asynkit.Testing;

/// <summary>Priority tasks: with LoopOptions.PriorityScheduling the loop runs the best (lowest) priority first, FIFO among equals.</summary>
internal static class PriorityTasksExample
{
    public static Task RunAsync(TextWriter output)
    {
        output.WriteLine(string.Join(", ", Order()));
        return Task.CompletedTask;
    }

    // docs/priority.md: begin tasks
    public static List<string> Order()
    {
        var log = new List<string>();
        AsynkitLoop.Run(
            async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                async Task Work(string name)
                {
                    log.Add($"{name} starts");
                    await Task.Yield();                  // back into the queue, by priority
                    log.Add($"{name} ends");
                }

                LoopTask low = loop.CreateTask(() => Work("low"), TaskPriority.Low);
                LoopTask normal = loop.CreateTask(() => Work("normal"));            // TaskPriority.Normal
                LoopTask high = loop.CreateTask(() => Work("high"), TaskPriority.High);
                loop.CurrentTask!.Priority = TaskPriority.Low + 1;                 // main yields to all of them
                await Task.Yield();
                log.Add("main");
                await Task.WhenAll(low.Task, normal.Task, high.Task);
            },
            new LoopOptions { PriorityScheduling = true });
        return log;
    }

    // docs/priority.md: end tasks
}
