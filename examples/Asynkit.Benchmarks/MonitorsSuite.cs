using Asynkit.Testing;
using Asynkit.Testing.Faults;

namespace Asynkit.Benchmarks;

/// <summary>Costs of OOB monitors, GeneratorObject and fault points, each on one loop run.</summary>
internal sealed class MonitorsSuite : IBenchmarkSuite
{
    public string Name => "monitors";

    public void Run(BenchmarkReport report)
    {
        int rounds = report.Quick ? 2 : 5;
        int yields = report.Quick ? 20_000 : 200_000;
        int oobs = report.Quick ? 5_000 : 50_000;
        int points = report.Quick ? 100_000 : 1_000_000;

        TimeSpan native = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => SumNative(yields)));
        TimeSpan generator = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => SumGenerator(yields, yieldToLoop: false)));
        report.Add(Name, "GeneratorObject: await foreach, synchronous body", PerSecond(yields, generator), $"C# async iterator on the loop: {PerSecond(yields, native)}");

        TimeSpan nativeStepping = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => SumNativeStepping(yields)));
        TimeSpan stepping = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => SumGenerator(yields, yieldToLoop: true)));
        report.Add(Name, "GeneratorObject: await foreach, Task.Yield between yields", PerSecond(yields, stepping), $"C# async iterator, same yields: {PerSecond(yields, nativeStepping)}");

        TimeSpan oob = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => OobRoundTrips(oobs)));
        report.Add(Name, "BoundMonitor: OobAsync -> OobDataException -> AwaitAsync", PerSecond(oobs, oob), "one exception thrown per round trip");

        TimeSpan sends = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => SendRoundTrips(yields)));
        report.Add(Name, "GeneratorObjectIterator: SendAsync round trips", PerSecond(yields, sends), "no exception: the value is the result");

        TimeSpan noPlan = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => HitPoints(points, null)));
        TimeSpan scripted = BenchmarkReport.Best(rounds, () => AsynkitLoop.Run(() => HitPoints(points, new FaultPlan().On("other").Throw<IOException>())));
        report.Add(Name, "FaultPoints.Point, no plan active", PerSecond(points, noPlan), $"with a non-matching scripted plan: {PerSecond(points, scripted)}");
        long allocated = BenchmarkReport.Allocated(() => AsynkitLoop.Run(() => HitPoints(10_000, null)));
        report.Add(Name, "FaultPoints.Point, no plan active: allocation per 10k calls", $"{allocated / 1024.0:N1} KB", "includes one loop run");
    }

    private static string PerSecond(int count, TimeSpan elapsed) => $"{count / elapsed.TotalSeconds / 1e6:N2} M/s";

    private static async Task SumNative(int count)
    {
        long sum = 0;
        await foreach (int i in Native(count, yieldToLoop: false))
        {
            sum += i;
        }

        GC.KeepAlive(sum);
    }

    private static async Task SumNativeStepping(int count)
    {
        long sum = 0;
        await foreach (int i in Native(count, yieldToLoop: true))
        {
            sum += i;
        }

        GC.KeepAlive(sum);
    }

    private static async IAsyncEnumerable<int> Native(int count, bool yieldToLoop)
    {
        for (int i = 0; i < count; i++)
        {
            if (yieldToLoop)
            {
                await Task.Yield();
            }

            yield return i;
        }
    }

    private static async Task SumGenerator(int count, bool yieldToLoop)
    {
        var go = new GeneratorObject<int>();
        long sum = 0;
        await foreach (int i in go.Iterate(async () =>
        {
            for (int i = 0; i < count; i++)
            {
                if (yieldToLoop)
                {
                    await Task.Yield();
                }

                await go.YieldAsync(i);
            }
        }))
        {
            sum += i;
        }

        GC.KeepAlive(sum);
    }

    private static async Task SendRoundTrips(int count)
    {
        var go = new GeneratorObject<int>();
        GeneratorObjectIterator<int> g = go.Iterate(async () =>
        {
            object? v = null;
            for (int i = 0; i < count; i++)
            {
                v = await go.YieldAsync(i + (v is int n ? n : 0));
            }
        });
        int last = await g.SendAsync(null);
        for (int i = 1; i < count; i++)
        {
            last = await g.SendAsync(1);
        }

        await g.DisposeAsync();
        GC.KeepAlive(last);
    }

    private static async Task OobRoundTrips(int count)
    {
        var m = new OobMonitor();
        BoundMonitor<int> b = m.Bind(async () =>
        {
            for (int i = 0; i < count; i++)
            {
                await m.OobAsync(i);
            }

            return count;
        });
        object? data = null;
        while (true)
        {
            try
            {
                await b.AwaitAsync(data);
                return;
            }
            catch (OobDataException oob)
            {
                data = oob.Value;
            }
        }
    }

    private static async Task HitPoints(int count, IFaultPlan? plan)
    {
        using FaultSession? session = plan is null ? null : FaultPoints.Activate(plan);
        for (int i = 0; i < count; i++)
        {
            await FaultPoints.Point("db.write");
        }
    }
}
