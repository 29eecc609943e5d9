namespace Asynkit.Testing.Exploration;

/// <summary>One operation of a <see cref="History{TInput, TOutput}"/>: what was asked, by which task, what it returned, and
/// when it was invoked and returned on the history's clock (one tick per event, so the ticks give the real-time order).</summary>
/// <param name="Id">The operation's number in the history (1-based, in invocation order).</param>
/// <param name="Task">The task that made it ("producer-1 #3"), or "(outside the loop)".</param>
/// <param name="Input">The operation and its arguments.</param>
/// <param name="Output">What it returned (default until it returned).</param>
/// <param name="Invoked">The tick of its invocation.</param>
/// <param name="Returned">The tick of its response, or null while it has not returned.</param>
public sealed record HistoryOperation<TInput, TOutput>(int Id, string Task, TInput Input, TOutput? Output, long Invoked, long? Returned);
