namespace Asynkit.Testing.Exploration;

/// <summary>The sequential specification a concurrent object's history is checked against (<see cref="History{TInput, TOutput}"/>):
/// its initial state, and which output each operation may return in each state.</summary>
/// <typeparam name="TState">The model's state; treat it as immutable (the checker keeps and compares old states).</typeparam>
/// <typeparam name="TInput">An operation with its arguments ("Enqueue 5", "Get k").</typeparam>
/// <typeparam name="TOutput">What an operation returned.</typeparam>
public abstract class SequentialModel<TState, TInput, TOutput>
{
    /// <summary>The state before any operation.</summary>
    public abstract TState Initial { get; }

    /// <summary>Applies <paramref name="input"/> to <paramref name="state"/>: true when, run alone in that state, the operation
    /// could have returned <paramref name="output"/>, with <paramref name="after"/> the state after it.</summary>
    public abstract bool Apply(TState state, TInput input, TOutput output, out TState after);

    /// <summary>Compares states; the checker memoizes (operations done, state) pairs with it. Default: the type's own equality.</summary>
    public virtual IEqualityComparer<TState> StateComparer => EqualityComparer<TState>.Default;

    /// <summary>P-compositionality: operations with different keys touch independent parts of the object (the keys of a map),
    /// so each key's sub-history is checked alone, which is far faster. Null (the default) for an object that does not split.</summary>
    public virtual object? PartitionKey(TInput input) => null;

    /// <summary>How an operation reads in a violation ("Enqueue(5)", "TryDequeue() -> empty").</summary>
    public virtual string Describe(TInput input, TOutput output) => $"{input} -> {output}";

    /// <summary>How a state reads in a violation.</summary>
    public virtual string DescribeState(TState state) => state?.ToString() ?? "null";
}
