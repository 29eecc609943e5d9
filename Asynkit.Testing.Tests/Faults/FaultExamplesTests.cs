namespace Asynkit.Testing.Tests.Faults;

using Asynkit.Examples.Faults;

// Runs examples/Asynkit.Examples/Faults/ScriptedFaultsExample.cs and ExploreFaultsExample.cs (the snippets of docs/faults.md).
public sealed class FaultExamplesTests
{
    [Fact]
    public void ScriptedExample_SecondWriteFails_CacheKeepsBatch()
    {
        ScriptedFaultsExample.FlushThreeTimes().ShouldBe([
            "after a: rows [a], pending []",
            "after b: rows [a], pending [b]",
            "after c: rows [a,b,c], pending []",
            "injected: IOException: disk full at db.write #2 (step 3, task 'main')",
        ]);
    }

    [Fact]
    public void DelayCancelExample_VirtualTimeAndCancellation()
    {
        ScriptedFaultsExample.SlowAndCancelled().ShouldBe("read done at +30s; rpc: Fault injected at 'rpc #1': the call was cancelled.");
    }

    [Fact]
    public void ExploreExample_FindsReplaysAndPassesFixed()
    {
        // Found in schedule 8 with that message; the replay fails the same way; the fixed cache passes all 12 schedules, which
        // cover the whole space.
        ExploreFaultsExample.FindAndReplay().ShouldBe([
            "buggy cache: schedule 8 failed: write lost: rows [], pending [a]",
            "replay: write lost: rows [], pending [a]",
            "fixed cache: 12 schedules, all pass (every schedule)",
        ]);
    }
}
