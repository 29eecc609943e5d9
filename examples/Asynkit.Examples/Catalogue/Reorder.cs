using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>reorder_N (from the SCTBench suite): N-1 setters write two fields of a shared record with an await between the
/// writes; a checker expects to see both fields written or neither.</summary>
/// <remarks>The bug: the checker can run between a setter's two writes and see one field written. The fix publishes both
/// fields in one step (an immutable record swapped in at once).</remarks>
public static class Reorder
{
    /// <summary>reorder_3 and reorder_10.</summary>
    public static IEnumerable<BugProgram> Programs { get; } = new[] { 3, 10 }.Select(n => new BugProgram(
        $"reorder-{n}",
        $"a checker among {n - 1} setters sees one of two fields written",
        () => RunAsync(n, atomic: false),
        () => RunAsync(n, atomic: true)));

    private static async Task RunAsync(int tasks, bool atomic)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var shared = new Shared();
        var all = new List<LoopTask>
        {
            // The checker is created first: in asyncio order it looks before any setter writes, and all is well.
            loop.CreateTask(
                () =>
                {
                    (int a, int b) = shared.Pair;
                    InvariantViolationException.Check((a == 0 && b == 0) || (a == 1 && b == -1), $"reorder: the checker saw a={a}, b={b}");
                    return Task.CompletedTask;
                },
                "checker"),
        };
        for (int i = 0; i < tasks - 1; i++)
        {
            all.Add(loop.CreateTask(
                async () =>
                {
                    if (atomic)
                    {
                        await Task.Yield();
                        shared.Pair = (1, -1);
                        return;
                    }

                    shared.Pair = (1, shared.Pair.B);
                    await Task.Yield(); // the second write lands later
                    shared.Pair = (shared.Pair.A, -1);
                },
                $"setter-{i}"));
        }

        foreach (LoopTask task in all)
        {
            await task;
        }
    }

    private sealed class Shared
    {
        public (int A, int B) Pair { get; set; }
    }
}
