namespace Asynkit.Benchmarks.Coyote;

/// <summary>The 2 x 5 and 10 x 100 programs with real threads: N Task.Run tasks, each awaiting Task.Yield() M times.
/// Under Coyote's rewritten mode every Task.Run and every Task.Yield is a scheduling point Coyote controls.</summary>
public static class RewrittenWorkloads
{
    /// <summary>2 tasks x 5 Task.Yield().</summary>
    public static Task TwoTasksFiveYieldsAsync() => YieldTasksAsync(2, 5);

    /// <summary>10 tasks x 100 Task.Yield().</summary>
    public static Task TenTasksHundredYieldsAsync() => YieldTasksAsync(10, 100);

    private static async Task YieldTasksAsync(int tasks, int awaits)
    {
        var all = new Task[tasks];
        for (int i = 0; i < tasks; i++)
        {
            all[i] = Task.Run(() => YieldsAsync(awaits));
        }

        await Task.WhenAll(all); // an array: the overload Coyote 1.7.11 controls
    }

    private static async Task YieldsAsync(int awaits)
    {
        for (int i = 0; i < awaits; i++)
        {
            await Task.Yield();
        }
    }
}
