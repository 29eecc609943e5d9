namespace Asynkit.Testing.Tests.Monitors;

/// <summary>The generator bodies of asynkit's tests/test_monitor.py, on <see cref="GeneratorObject{T}"/>.</summary>
internal static class GeneratorBodies
{
    public static int AsInt(object? value) => value is int i ? i : 0;

    /// <summary>asynkit's top(): both halves are yielded by a helper, several awaits below the body.</summary>
    public static GeneratorObjectIterator<int> Normal()
    {
        var g = new GeneratorObject<int>();
        return g.Iterate(() => Top(g));
    }

    /// <summary>As <see cref="Normal"/>, but the second half is yielded by another loop task that the body awaits.</summary>
    public static GeneratorObjectIterator<int> SecondHalfInAnotherTask()
    {
        var g = new GeneratorObject<int>();
        return g.Iterate(async () =>
        {
            object? v = await Bottom(g, 10, null);
            await Task.Yield();
            await AsynkitLoop.Current!.CreateTask(() => Bottom(g, 20, v), "second-half");
        });
    }

    /// <summary>asynkit's topfail(): yields 11, then throws DivideByZeroException.</summary>
    public static GeneratorObjectIterator<int> Failing()
    {
        var g = new GeneratorObject<int>();
        return g.Iterate(async () =>
        {
            await BottomFail(g, 10, null);
            await Task.Yield();
            await BottomFail(g, 20, null);
        });
    }

    public static async Task<object?> Top(GeneratorObject<int> g)
    {
        object? v = await Bottom(g, 10, null);
        await Task.Yield();
        return await Bottom(g, 20, v);
    }

    public static async Task<object?> Bottom(GeneratorObject<int> g, int i, object? v)
    {
        v = await g.YieldAsync(i + 1 + AsInt(v));
        await Task.Yield();
        v = await g.YieldAsync(i + 2 + AsInt(v));
        await Task.Yield();
        v = await g.YieldAsync(i + 3 + AsInt(v));
        await Task.Yield();
        return v;
    }

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (T item in source)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>asynkit's assert_exhausted, with the .NET mapping: SendAsync and ThrowAsync throw StopAsyncIterationException,
    /// MoveNextAsync returns false.</summary>
    public static async Task AssertExhausted<T>(GeneratorObjectIterator<T> g)
    {
        g.IsFinished.ShouldBeTrue();
        await Awaited.ThrowsAsync<StopAsyncIterationException>(() => g.SendAsync(null));
        (await g.MoveNextAsync()).ShouldBeFalse();
        await Awaited.ThrowsAsync<StopAsyncIterationException>(() => g.ThrowAsync(new EndOfStreamException()));
        await g.CloseAsync();
    }

    private static async Task BottomFail(GeneratorObject<int> g, int i, object? v)
    {
        await g.YieldAsync(i + 1 + AsInt(v));
        await Task.Yield();
        throw new DivideByZeroException();
    }
}
