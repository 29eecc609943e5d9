using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Dining philosophers: N philosophers, N forks (SemaphoreSlims); each takes the left fork, then the right.</summary>
/// <remarks>The bug: when every philosopher holds the left fork, nobody gets a right one: deadlock. The fix (resource
/// ordering) makes every philosopher take the lower-numbered fork first, which breaks the cycle.</remarks>
public static class DiningPhilosophers
{
    /// <summary>The programs for N = 3 to 7.</summary>
    public static IEnumerable<BugProgram> Programs { get; } = Enumerable.Range(3, 5).Select(n => new BugProgram(
        $"philosophers-{n}",
        $"{n} philosophers each hold their left fork and wait for the right one",
        () => DineAsync(n, ordered: false),
        () => DineAsync(n, ordered: true),
        "PCT or Random; the deadlock needs every philosopher to pause between forks"));

    private static async Task DineAsync(int count, bool ordered)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        SemaphoreSlim[] forks = [.. Enumerable.Range(0, count).Select(_ => new SemaphoreSlim(1, 1))];
        int meals = 0;
        var philosophers = new List<LoopTask>();
        for (int i = 0; i < count; i++)
        {
            int left = i;
            int right = (i + 1) % count;
            if (ordered && right < left)
            {
                (left, right) = (right, left);
            }

            philosophers.Add(loop.CreateTask(
                async () =>
                {
                    await forks[left].WaitAsync();
                    await Task.Yield(); // reach for the other fork
                    await forks[right].WaitAsync();
                    meals++;
                    forks[right].Release();
                    forks[left].Release();
                },
                $"philosopher-{i}"));
            await Task.Yield(); // philosophers sit down one after another
        }

        foreach (LoopTask philosopher in philosophers)
        {
            await philosopher;
        }

        InvariantViolationException.Check(meals == count, $"philosophers: {meals} of {count} ate");
    }
}
