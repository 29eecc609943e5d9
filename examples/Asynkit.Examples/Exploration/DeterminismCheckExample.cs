using Asynkit.Testing;
using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Exploration;

/// <summary>docs/exploration.md, "The determinism self-check": a test whose branch depends on Guid.NewGuid is caught.</summary>
internal static class DeterminismCheckExample
{
    public static async Task FlakyTest()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        bool slowPath = Guid.NewGuid().ToByteArray()[0] < 128; // outside the loop's control
        LoopTask worker = loop.CreateTask(async () =>
        {
            await Task.Yield();
            if (slowPath)
            {
                await Task.Yield();
            }
        }, "worker");
        LoopTask other = loop.CreateTask(async () => await Task.Yield(), "other");
        await Task.WhenAll(worker.Task, other.Task);
    }

    public static ExplorationResult Run(TextWriter output)
    {
        ExplorationResult result = Explorer.Explore(FlakyTest, new ExplorationOptions { Iterations = 100, Seed = 1, CheckDeterminism = true });
        output.WriteLine(result.Failure?.Message ?? "no nondeterminism seen");
        return result;
    }
}
