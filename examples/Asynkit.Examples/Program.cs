// The main program: hunts the example races of the bug catalogue and prints what it found.
// (The catalogue and the explorer arrive with their issues; for now it runs the scripted loop demo.)
using Asynkit.Testing;

var log = new List<string>();
AsynkitLoop.Run(async () =>
{
    AsynkitLoop loop = AsynkitLoop.Current!;
    for (int i = 0; i < 3; i++)
    {
        int n = i;
        _ = loop.CreateTask(async () =>
        {
            log.Add($"task {n} starts");
            await Task.Delay(TimeSpan.FromSeconds(n + 1), loop.Clock);
            log.Add($"task {n} wakes at +{loop.Clock.Elapsed.TotalSeconds}s");
        }, $"worker-{n}");
    }

    await Scheduling.Sleep(TimeSpan.FromSeconds(10));
});

foreach (string line in log)
{
    Console.WriteLine(line);
}

return 0;
