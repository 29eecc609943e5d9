namespace Asynkit.Examples.Monitors;

using Asynkit.Testing;

/// <summary>The OOB protocol of <see cref="OobMonitor"/>: data out as OobDataException, answers back in with AwaitAsync.</summary>
internal static class MonitorBasicsExample
{
    public static void Run(TextWriter output)
    {
        foreach (string line in Protocol())
        {
            output.WriteLine(line);
        }
    }

    // docs/monitors.md: begin basics
    public static List<string> Protocol() => AsynkitLoop.Run(async () =>
    {
        var log = new List<string>();
        var monitor = new OobMonitor();

        async Task<string> Helper()
        {
            object? back = await monitor.OobAsync("foo");   // suspends; the driver gets OobDataException("foo")
            await Task.Yield();                              // an ordinary await: a step of the driving task
            back = await monitor.OobAsync($"{back}foo");
            return $"{back}foo";
        }

        BoundMonitor<string> bound = monitor.Bind(Helper);
        object? answer = null;
        while (true)
        {
            try
            {
                string result = await bound.AwaitAsync(answer);
                log.Add($"result: {result}");
                return log;
            }
            catch (OobDataException oob)
            {
                log.Add($"out of band: {oob.Value}");
                answer = oob.Value is "foo" ? "hoo" : "how";
            }
        }
    });
    // docs/monitors.md: end basics
}
