namespace Asynkit.Testing.Tests.Monitors;

// Mirrors examples/Asynkit.Examples/Monitors/MonitorBasicsExample.cs and GeneratorExample.cs (the snippets of docs/monitors.md).
public sealed class MonitorExamplesTests
{
    [Fact]
    public void BasicsExample_Protocol_FooHoofooHowfoo()
    {
        List<string> log = AsynkitLoop.Run(async () =>
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

        log.ShouldBe(["out of band: foo", "out of band: hoofoo", "result: howfoo"]);
    }

    [Fact]
    public void GeneratorExample_Iterate_HelpersYield()
    {
        List<int> values = AsynkitLoop.Run(async () =>
        {
            var generator = new GeneratorObject<int>();

            // Not an iterator method: a helper two calls down yields.
            async Task<object?> Bottom(int i, object? v)
            {
                v = await generator.YieldAsync(i + 1 + (v as int? ?? 0));
                v = await generator.YieldAsync(i + 2 + (v as int? ?? 0));
                v = await generator.YieldAsync(i + 3 + (v as int? ?? 0));
                return v;
            }

            async Task Top()
            {
                object? v = await Bottom(10, null);
                await Task.Yield();
                await Bottom(20, v);
            }

            var values = new List<int>();
            await foreach (int value in generator.Iterate(Top))
            {
                values.Add(value);   // 11, 12, 13, 21, 22, 23
            }

            return values;
        });

        values.ShouldBe([11, 12, 13, 21, 22, 23]);
    }

    [Fact]
    public void GeneratorExample_Send_11And12And113()
    {
        List<int> values = AsynkitLoop.Run(async () =>
        {
            var generator = new GeneratorObject<int>();
            GeneratorObjectIterator<int> iterator = generator.Iterate(async () =>
            {
                object? v = null;
                for (int i = 11; i <= 13; i++)
                {
                    v = await generator.YieldAsync(i + (v as int? ?? 0));
                }
            });
            var values = new List<int> { await iterator.SendAsync(null), await iterator.SendAsync(0), await iterator.SendAsync(100) };
            await iterator.DisposeAsync();
            return values;   // 11, 12, 113
        });

        values.ShouldBe([11, 12, 113]);
    }
}
