namespace Asynkit.Testing.Tests;

/// <summary>Helpers shared by the priority tests (asynkit's test_priority.py idioms).</summary>
internal static class PriorityTestPrograms
{
    public static LoopOptions PriorityOptions => new() { PriorityScheduling = true };

    public static AsynkitLoop Loop => AsynkitLoop.Current!;

    public static LoopTask Current => AsynkitLoop.Current!.CurrentTask!;

    /// <summary>asynkit's await_tasks: awaits a task of priority 1000, so everything better that is ready runs first.</summary>
    public static async Task AwaitTasks() => await Loop.CreateTask(() => Task.CompletedTask, 1000, "final");

    /// <summary>0..count-1 in a fixed shuffled order (asynkit shuffles with random; a seed keeps the tests reproducible).</summary>
    public static int[] Shuffled(int count, int seed = 1234)
    {
        int[] values = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(values);
        return values;
    }

    public static Task WhenAll(IEnumerable<LoopTask> tasks) => Task.WhenAll(tasks.Select(t => t.Task));
}
