namespace Asynkit.Examples.Monitors;

using Asynkit.Testing;

/// <summary>GeneratorObject: helpers (and tasks) below the body yield; await foreach consumes; SendAsync talks back.</summary>
internal static class GeneratorExample
{
    public static void Run(TextWriter output)
    {
        output.WriteLine($"await foreach: [{string.Join(", ", Iterate())}]");
        output.WriteLine($"SendAsync(null), (0), (100): [{string.Join(", ", Send())}]");
    }

    // docs/monitors.md: begin generator
    public static List<int> Iterate() => AsynkitLoop.Run(async () =>
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
    // docs/monitors.md: end generator

    public static List<int> Send() => AsynkitLoop.Run(async () =>
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
}
