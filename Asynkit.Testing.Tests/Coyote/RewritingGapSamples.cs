namespace Asynkit.Testing.Tests.Coyote;

/// <summary>Calls that coyote rewrite 1.7.11 leaves uncontrolled, and their controlled twins; compiled, never run:
/// <see cref="RewritingGapTests"/> reads their IL.</summary>
internal static class RewritingGapSamples
{
    public static async Task WhenAllOfTwoAsync(Task a, Task b) => await Task.WhenAll(a, b);          // params ReadOnlySpan<Task>

    public static async Task<int[]> WhenAllOfTwoResultsAsync(Task<int> a, Task<int> b) => await Task.WhenAll(a, b);

    public static Task<Task> WhenAnyOfThree(Task a, Task b, Task c) => Task.WhenAny(a, b, c);       // params ReadOnlySpan<Task>

    public static void WaitAllOfTwo(Task a, Task b) => Task.WaitAll(a, b);                          // params ReadOnlySpan<Task>

    public static Task DelayOnAClock(TimeProvider clock) => Task.Delay(TimeSpan.FromSeconds(1), clock);

    public static async Task WhenEachAsync(Task[] tasks)
    {
        await foreach (Task task in Task.WhenEach(tasks))
        {
            await task;
        }
    }

    public static Func<Task> LambdaWithWhenAll(Task a, Task b) => () => Task.WhenAll(a, b);

    // Controlled twins: the overloads Coyote 1.7.11 rewrites.
    public static Task WhenAllOfArray(Task a, Task b) => Task.WhenAll(new[] { a, b });

    public static Task WhenAllOfList(Task a, Task b) => Task.WhenAll(new List<Task> { a, b });

    public static Task<Task> WhenAnyOfTwo(Task a, Task b) => Task.WhenAny(a, b);                     // (Task, Task) exists since .NET 4.5

    public static Task DelayPlain() => Task.Delay(TimeSpan.FromSeconds(1));
}
