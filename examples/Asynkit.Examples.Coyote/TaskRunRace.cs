namespace Asynkit.Examples.Coyote;

/// <summary>The programs under test: two Task.Run workers increment a shared counter, on real thread-pool threads.
/// The AsynkitLoop cannot run them (Task.Run leaves the loop); Coyote's rewritten mode can.</summary>
public static class TaskRunRace
{
    /// <summary>Fails with "lost update" when the two workers interleave between read and write.</summary>
    public static async Task LostUpdateAsync()
    {
        using var counter = new SharedCounter();
        Task first = Task.Run(counter.IncrementAsync);
        Task second = Task.Run(counter.IncrementAsync);
        await Task.WhenAll(new[] { first, second }); // an array: Coyote 1.7.11 controls this overload (not WhenAll(a, b), see SpanOverloadGap)
        if (counter.Value != 2)
        {
            throw new InvalidOperationException($"lost update: the counter is {counter.Value}, expected 2");
        }
    }

    /// <summary>The fixed twin: each increment holds the counter's lock; passes under every schedule.</summary>
    public static async Task FixedAsync()
    {
        using var counter = new SharedCounter();
        Task first = Task.Run(counter.IncrementSafelyAsync);
        Task second = Task.Run(counter.IncrementSafelyAsync);
        await Task.WhenAll(new[] { first, second });
        if (counter.Value != 2)
        {
            throw new InvalidOperationException($"lost update: the counter is {counter.Value}, expected 2");
        }
    }
}
