using Asynkit.Examples.Catalogue;
using Asynkit.Testing;
using Asynkit.Testing.Exploration;

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

        // The linearizability checker on 200-operation histories of four clients of a queue: a correct one and one in which a
        // dequeue halfway delivers an item a second time (the checker must exhaust the orders before it says no, then narrow it).
        History<QueueOperation, int?> correct = QueueHistory(200, clients: 4, buggy: false);
        History<QueueOperation, int?> buggy = QueueHistory(200, clients: 4, buggy: true);
        if (!correct.Check(QueueModel.Instance).IsLinearizable || buggy.Check(QueueModel.Instance).IsLinearizable)
        {
            throw new InvalidOperationException("the benchmark's histories are not what they claim");
        }

        int checks = report.Quick ? 2 : 10;
        (TimeSpan correctTime, TimeSpan buggyTime) = BenchmarkReport.BestOfBoth(
            3,
            () => Checks(correct, checks),
            () => Checks(buggy, checks));
        report.Add(Name, "linearizability check, 200-op correct queue history", $"{correctTime.TotalMilliseconds / checks:F1} ms",
            "4 clients, up to 4 operations in flight; linearizable");
        report.Add(Name, "linearizability check, 200-op buggy queue history", $"{buggyTime.TotalMilliseconds / checks:F1} ms",
            $"the same workload with one item delivered twice: {buggyTime / correctTime:F1}x the correct one (search, then the smallest failing prefix)");
    }

    private static void Checks(History<QueueOperation, int?> history, int count)
    {
        for (int i = 0; i < count; i++)
        {
            history.Check(QueueModel.Instance);
        }
    }

    /// <summary>A history of <paramref name="operations"/> operations by <paramref name="clients"/> clients of a queue, from a
    /// seeded simulation: each client invokes an operation, it takes effect at some later tick, and returns later still. With
    /// <paramref name="buggy"/>, the first dequeue that takes effect after half the operations were invoked returns the item
    /// dequeued last again (values are unique, so no order explains it).</summary>
    private static History<QueueOperation, int?> QueueHistory(int operations, int clients, bool buggy)
    {
        var random = new Random(2026);
        var history = new History<QueueOperation, int?>();
        var queue = new LinkedList<int>();
        var inFlight = new (History<QueueOperation, int?>.PendingOperation Call, QueueOperation Input, bool Applied, int? Output)?[clients];
        int invoked = 0;
        int next = 1;
        int? lastDequeued = null;
        bool injected = !buggy;
        while (invoked < operations || inFlight.Any(f => f is not null))
        {
            int client = random.Next(clients);
            switch (inFlight[client])
            {
                case null when invoked < operations:
                    QueueOperation input = random.Next(2) == 0 ? QueueOperation.Enqueue(next++) : QueueOperation.TryDequeue();
                    inFlight[client] = (history.Invoke(input), input, false, null);
                    invoked++;
                    break;
                case { Applied: false } flight:
                    int? output = null;
                    if (flight.Input.IsEnqueue)
                    {
                        queue.AddLast(flight.Input.Value);
                    }
                    else if (!injected && invoked >= operations / 2 && lastDequeued is not null)
                    {
                        output = lastDequeued;
                        injected = true;
                    }
                    else if (queue.First is { } head)
                    {
                        output = lastDequeued = head.Value;
                        queue.RemoveFirst();
                    }

                    inFlight[client] = flight with { Applied = true, Output = output };
                    break;
                case { } done:
                    done.Call.Return(done.Output);
                    inFlight[client] = null;
                    break;
            }
        }

        return history;
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
