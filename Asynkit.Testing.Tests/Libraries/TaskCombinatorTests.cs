namespace Asynkit.Testing.Tests.Libraries;

/// <summary>Task.WhenEach (an async iterator over a channel of completed tasks) and System.Linq.Async's SelectAwait/ForEachAsync.</summary>
public sealed class TaskCombinatorTests
{
    private static Func<Task> WhenEach(bool planted) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var order = new List<int>();
        int done = 0;
        Task<int> Work(int id) => loop.CreateTask(async () =>
        {
            await Scheduling.Sleep(TimeSpan.FromMilliseconds(10));
            if (planted)
            {
                int read = done;
                await Task.Yield();
                done = read + 1;
            }
            else
            {
                done++;
            }

            return id;
        }, $"work{id}").Task;

        await foreach (Task<int> finished in Task.WhenEach(Work(0), Work(1), Work(2)))
        {
            order.Add(await finished);
        }

        order.Order().ShouldBe([0, 1, 2]);
        order.ShouldBe(order.Distinct());
        if (done != 3)
        {
            throw new InvalidOperationException($"lost a completion count: {done}, expected 3");
        }
    };

#pragma warning disable CS0618 // SelectAwait and ForEachAsync are obsolete in System.Linq.Async 7, and still what much code calls.
    private static Func<Task> LinqAsync(bool planted) => async () =>
    {
        int total = 0;
        int inFlight = 0;
        async IAsyncEnumerable<int> Source()
        {
            for (int i = 1; i <= 4; i++)
            {
                await Task.Yield();
                yield return i;
            }
        }

        async Task Sum()
        {
            await Source()
                .SelectAwait(async i =>
                {
                    inFlight++;
                    await Task.Yield();
                    inFlight--;
                    return i * 10;
                })
                .ForEachAsync(i =>
                {
                    if (planted)
                    {
                        total = inFlight == 0 ? total + i : total;
                    }
                    else
                    {
                        total += i;
                    }
                });
        }

        AsynkitLoop loop = AsynkitLoop.Current!;
        await Task.WhenAll(loop.CreateTask(Sum, "sum-a").Task, loop.CreateTask(Sum, "sum-b").Task);
        if (total != 200)
        {
            throw new InvalidOperationException($"dropped an element: total is {total}, expected 200");
        }
    };
#pragma warning restore CS0618

    [Fact]
    public void TaskWhenEach_IsDeterministic() => LibraryScenario.AssertDeterministic(WhenEach(planted: false));

    [Fact]
    public void TaskWhenEach_PlantedLostCount_RaceIsFound() => LibraryScenario.AssertRaceFound(WhenEach(planted: true), "lost a completion count");

    [Fact]
    public void LinqAsyncSelectAwaitForEachAsync_IsDeterministic() => LibraryScenario.AssertDeterministic(LinqAsync(planted: false));

    [Fact]
    public void LinqAsyncSelectAwaitForEachAsync_PlantedDrop_RaceIsFound() => LibraryScenario.AssertRaceFound(LinqAsync(planted: true), "dropped an element");
}
