using Asynkit.Testing;

namespace Asynkit.Benchmarks;

/// <summary>The oracles' costs (docs/oracles.md): a step invariant against none in the same run, and the linearizability
/// checker on 200-operation histories of a correct and of a buggy queue.</summary>
internal sealed class OraclesSuite : IBenchmarkSuite
{
    public string Name => "oracles";

    public void Run(BenchmarkReport report)
    {
        int rounds = report.Quick ? 3 : 10;
        int repeat = report.Quick ? 20 : 200;

        // The same 10 tasks x 100 Task.Yield() as the loop suite, with one invariant and with none, in alternation.
        long steps = 0;
        (TimeSpan checkedTime, TimeSpan plainTime) = BenchmarkReport.BestOfBoth(
            rounds,
            () => steps = BenchmarkReport.Repeat(repeat, () => YieldTasks(invariant: true)),
            () => BenchmarkReport.Repeat(repeat, () => YieldTasks(invariant: false)));
        double perStep = (checkedTime - plainTime).TotalNanoseconds / steps;
        report.Add(Name, "one step invariant: extra cost per step", $"{Math.Max(0, perStep):F1} ns",
            $"{steps / checkedTime.TotalSeconds / 1e6:F2} M steps/s with it, {steps / plainTime.TotalSeconds / 1e6:F2} M without (same run)");
    }

    private static long YieldTasks(bool invariant)
    {
        using var loop = new AsynkitLoop();
        int finished = 0;
        if (invariant)
        {
            loop.AddInvariant("finished tasks are 0 to 10", () => finished is >= 0 and <= 10);
        }

        loop.RunUntilComplete(async () =>
        {
            var all = new Task[10];
            for (int i = 0; i < all.Length; i++)
            {
                all[i] = AsynkitLoop.Current!.CreateTask(async () =>
                {
                    for (int j = 0; j < 100; j++)
                    {
                        await Task.Yield();
                    }

                    finished++;
                }).Task;
            }

            await Task.WhenAll(all);
        });
        return loop.StepCount;
    }
}
