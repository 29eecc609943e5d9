namespace Asynkit.Examples.Faults;

using Asynkit.Examples.Monitors;
using Asynkit.Testing;
using Asynkit.Testing.Faults;

/// <summary>A scripted FaultPlan: the second write fails, reads are slow (virtual time), an RPC is cancelled.</summary>
internal static class ScriptedFaultsExample
{
    public static void Run(TextWriter output)
    {
        foreach (string line in FlushThreeTimes())
        {
            output.WriteLine(line);
        }

        output.WriteLine(SlowAndCancelled());
    }

    // docs/faults.md: begin scripted
    public static List<string> FlushThreeTimes() => AsynkitLoop.Run(async () =>
    {
        var log = new List<string>();
        FaultPlan plan = new FaultPlan()
            .On("db.write").Nth(2).Throw(() => new IOException("disk full"));
        using FaultSession session = FaultPoints.Activate(plan);

        var repository = new FakeRepository();
        var cache = new WriteBehindCache(repository);
        foreach (string item in (string[])["a", "b", "c"])
        {
            cache.Add(item);
            await cache.FlushAsync();   // the second write fails; the cache keeps "b" for the next flush
            log.Add($"after {item}: rows [{string.Join(",", repository.Rows)}], pending [{string.Join(",", cache.Pending)}]");
        }

        log.Add($"injected: {string.Join("; ", session.Injections)}");
        return log;
    });
    // docs/faults.md: end scripted

    // docs/faults.md: begin delay-cancel
    public static string SlowAndCancelled() => AsynkitLoop.Run(async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        using FaultSession session = FaultPoints.Activate(new FaultPlan()
            .On("db.read").Delay(TimeSpan.FromSeconds(30))
            .On("rpc").Cancel());

        await FaultPoints.Point("db.read");      // waits 30 s of virtual time (no real waiting)
        string outcome = $"read done at +{loop.Clock.Elapsed.TotalSeconds}s";
        try
        {
            await FaultPoints.Point("rpc");
        }
        catch (OperationCanceledException ex)
        {
            outcome += $"; rpc: {ex.Message}";
        }

        return outcome;
    });
    // docs/faults.md: end delay-cancel
}
