using Asynkit.Testing;

namespace Asynkit.Examples.Coroutines;

/// <summary>EagerTaskGroup: children start at once; the first failure cancels the others and comes out of the group.</summary>
internal static class TaskGroupExample
{
    public static void Run(TextWriter output)
    {
        try
        {
            AsynkitLoop.Run(async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                await using var group = new EagerTaskGroup();
                group.StartSoon(
                    async token =>
                    {
                        output.WriteLine("download: started");
                        try
                        {
                            await Task.Delay(TimeSpan.FromMinutes(5), loop.Clock, token);
                        }
                        catch (OperationCanceledException)
                        {
                            output.WriteLine($"download: cancelled at +{loop.Clock.Elapsed.TotalSeconds}s");
                            throw;
                        }
                    },
                    "download");
                Task<int> port = group.Start<int>(
                    async started =>
                    {
                        output.WriteLine("server: listening");
                        started.Started(8080);
                        await Scheduling.Sleep(TimeSpan.FromSeconds(3));
                        throw new InvalidOperationException("server crashed");
                    },
                    "server");
                output.WriteLine($"main: server is on port {await port}");
            });
        }
        catch (InvalidOperationException ex)
        {
            output.WriteLine($"group failed: {ex.Message}");
        }
    }
}
