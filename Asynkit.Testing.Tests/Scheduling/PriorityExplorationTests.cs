using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests;

/// <summary>Exploration under LoopOptions.PriorityScheduling: strategies choose only among the best priority.</summary>
public sealed class PriorityExplorationTests
{
    /// <summary>Two high tasks and a low one, each with two steps; fails when low runs before both high tasks finished.</summary>
    private static Func<Task> LowBeforeHigh() => async () =>
    {
        var log = new List<string>();
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask Worker(string name, int priority) => loop.CreateTask(
            async () =>
            {
                log.Add(name);
                await Task.Yield();
                log.Add(name);
            },
            priority);

        LoopTask[] tasks = [Worker("low", TaskPriority.Low), Worker("high1", TaskPriority.High), Worker("high2", TaskPriority.High)];
        await Task.WhenAll(tasks.Select(t => t.Task));
        if (log.IndexOf("low") < Math.Max(log.LastIndexOf("high1"), log.LastIndexOf("high2")))
        {
            throw new InvalidOperationException($"low ran before the high tasks finished: {string.Join(", ", log)}");
        }
    };

    [Fact]
    public void Explore_PriorityScheduling_NeverRunsLowBeforeHighButInterleavesTheHighTasks()
    {
        ExplorationResult result = Explorer.Explore(
            LowBeforeHigh(),
            new ExplorationOptions { Strategy = StrategyKind.Exhaustive, Iterations = 1000, LoopOptions = new LoopOptions { PriorityScheduling = true } });

        result.Failed.ShouldBeFalse(result.ToString());
        result.DistinctSchedules.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Explore_FifoLoop_FindsLowBeforeHigh()
    {
        ExplorationResult result = Explorer.Explore(
            LowBeforeHigh(),
            new ExplorationOptions { Strategy = StrategyKind.Exhaustive, Iterations = 1000 });

        result.Failed.ShouldBeTrue();
        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldStartWith("low ran before");
    }
}
