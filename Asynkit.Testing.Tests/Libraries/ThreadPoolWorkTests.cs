namespace Asynkit.Testing.Tests.Libraries;

/// <summary>Every way the loop's code starts thread-pool work, explored: deterministic, and a race planted in it is found.</summary>
public sealed class ThreadPoolWorkTests
{
    public static TheoryData<string> Kinds() =>
        ["Task.Run", "Task.Factory.StartNew", "ThreadPool.QueueUserWorkItem", "ConfigureAwait(false)", "Parallel.ForEachAsync", "Parallel.ForEach"];

    /// <summary>Two workers of the given kind add to a shared total; <paramref name="planted"/> puts an await (or, for
    /// Parallel.ForEach, a yield to the other worker) between the read and the write.</summary>
    private static Func<Task> Workers(string kind, bool planted) => async () =>
    {
        int total = 0;
        async Task Add(int amount)
        {
            if (planted)
            {
                int read = total;
                await Task.Yield();
                total = read + amount;
            }
            else
            {
                await Task.Yield();
                total += amount;
            }
        }

        switch (kind)
        {
            case "Task.Run":
                await Task.WhenAll(Task.Run(() => Add(1)), Task.Run(() => Add(2)));
                break;
            case "Task.Factory.StartNew":
                await Task.WhenAll(
                    Task.Factory.StartNew(() => Add(1), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default).Unwrap(),
                    Task.Factory.StartNew(() => Add(2), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default).Unwrap());
                break;
            case "ThreadPool.QueueUserWorkItem":
                var a = new TaskCompletionSource();
                var b = new TaskCompletionSource();
                ThreadPool.QueueUserWorkItem(async _ =>
                {
                    await Add(1);
                    a.SetResult();
                });
                ThreadPool.QueueUserWorkItem(async _ =>
                {
                    await Add(2);
                    b.SetResult();
                });
                await Task.WhenAll(a.Task, b.Task);
                break;
            case "ConfigureAwait(false)":
                async Task OffTheLoop(int amount)
                {
                    await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                    await Add(amount).ConfigureAwait(false);
                }

                AsynkitLoop loop = AsynkitLoop.Current!;
                await Task.WhenAll(loop.CreateTask(() => OffTheLoop(1), "one").Task, loop.CreateTask(() => OffTheLoop(2), "two").Task);
                break;
            case "Parallel.ForEachAsync":
                await Parallel.ForEachAsync(new[] { 1, 2 }, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (amount, _) => await Add(amount));
                break;
            default:
                // Synchronous bodies: each waits for its own async add, so the two bodies' adds can interleave.
                await Task.Run(() => Parallel.ForEach(new[] { 1, 2 }, new ParallelOptions { MaxDegreeOfParallelism = 2 }, amount => Add(amount).Wait()));
                break;
        }

        if (total != 3)
        {
            throw new InvalidOperationException($"lost an addition: total is {total}, expected 3");
        }
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Workers_AreDeterministic(string kind) => LibraryScenario.AssertDeterministic(Workers(kind, planted: false));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Workers_PlantedLostAddition_RaceIsFound(string kind) => LibraryScenario.AssertRaceFound(Workers(kind, planted: true), "lost an addition");
}
