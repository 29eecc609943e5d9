namespace Asynkit.Testing.Coyote;

/// <summary>One call that <c>coyote rewrite</c> (1.7.11) leaves uncontrolled, where it is, and how to fix it.</summary>
/// <param name="Caller">The method that makes the call ("Namespace.Type.Method"; an async method's own name, not its state machine's).</param>
/// <param name="Member">The called member ("Task.WhenAll(ReadOnlySpan&lt;Task&gt;)").</param>
/// <param name="Explanation">Why Coyote does not control it, and what to write instead.</param>
public sealed record RewritingGap(string Caller, string Member, string Explanation)
{
    /// <summary>"Caller calls Member: Explanation".</summary>
    public override string ToString() => $"{Caller} calls {Member}: {Explanation}";
}
