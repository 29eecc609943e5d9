namespace Asynkit.Examples.Coyote;

/// <summary>The .NET 9+ rewriting gap on purpose: C# binds <c>Task.WhenAll(first, second)</c> to the params
/// ReadOnlySpan&lt;Task&gt; overload, which coyote rewrite 1.7.11 does not know, so this one await stays uncontrolled.
/// The build warns about it (ASYNKIT0001) and <c>CoyoteRewriting.FindGaps</c> names this method.</summary>
public static class SpanOverloadGap
{
    /// <summary>The fixed counter, awaited through the span overload.</summary>
    public static async Task WhenAllOfTwoAsync()
    {
        using var counter = new SharedCounter();
        Task first = Task.Run(counter.IncrementSafelyAsync);
        Task second = Task.Run(counter.IncrementSafelyAsync);
        await Task.WhenAll(first, second);
        if (counter.Value != 2)
        {
            throw new InvalidOperationException($"lost update: the counter is {counter.Value}, expected 2");
        }
    }
}
