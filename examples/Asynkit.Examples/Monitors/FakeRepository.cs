namespace Asynkit.Examples.Monitors;

using Asynkit.Testing;
using Asynkit.Testing.Faults;

/// <summary>A repository fake: a write goes "over the wire" (one loop step), passes a fault point, and can be paused by a monitor hook.</summary>
internal sealed class FakeRepository
{
    private readonly List<string> _rows = [];

    public IReadOnlyList<string> Rows => _rows;

    /// <summary>When set, every write sends its rows to this monitor and waits for the test's answer.</summary>
    public OobMonitor? WriteHook { get; set; }

    public async Task WriteAsync(IReadOnlyList<string> rows)
    {
        await Task.Yield();                    // the request is on the wire
        await FaultPoints.Point("db.write");   // scripted or explored faults
        if (WriteHook is { } hook)
        {
            await hook.OobAsync(rows);         // a test may pause the write here, run other tasks, then fail it
        }

        _rows.AddRange(rows);
    }
}
