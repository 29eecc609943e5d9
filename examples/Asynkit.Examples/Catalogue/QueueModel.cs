using System.Collections.Immutable;
using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Catalogue;

/// <summary>An operation on a queue of ints: <c>Enqueue(value)</c> or <c>TryDequeue()</c>.</summary>
/// <param name="IsEnqueue">True for Enqueue.</param>
/// <param name="Value">The value enqueued (0 for TryDequeue).</param>
public readonly record struct QueueOperation(bool IsEnqueue, int Value)
{
    public static QueueOperation Enqueue(int value) => new(true, value);

    public static QueueOperation TryDequeue() => new(false, 0);

    public override string ToString() => IsEnqueue ? $"Enqueue({Value})" : "TryDequeue()";
}

/// <summary>The sequential specification of a FIFO queue: Enqueue appends and returns nothing (null); TryDequeue returns the
/// head, or null when the queue is empty.</summary>
public sealed class QueueModel : SequentialModel<ImmutableQueue<int>, QueueOperation, int?>
{
    public static QueueModel Instance { get; } = new();

    public override ImmutableQueue<int> Initial => [];

    public override IEqualityComparer<ImmutableQueue<int>> StateComparer { get; } = new SequenceComparer();

    public override bool Apply(ImmutableQueue<int> state, QueueOperation input, int? output, out ImmutableQueue<int> after)
    {
        if (input.IsEnqueue)
        {
            after = state.Enqueue(input.Value);
            return output is null;
        }

        if (state.IsEmpty)
        {
            after = state;
            return output is null;
        }

        after = state.Dequeue(out int head);
        return output == head;
    }

    public override string Describe(QueueOperation input, int? output) =>
        input.IsEnqueue ? input.ToString() : $"TryDequeue() -> {(output is { } value ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "empty")}";

    public override string DescribeState(ImmutableQueue<int> state) => $"[{string.Join(", ", state)}]";

    private sealed class SequenceComparer : IEqualityComparer<ImmutableQueue<int>>
    {
        public bool Equals(ImmutableQueue<int>? x, ImmutableQueue<int>? y) => x!.SequenceEqual(y!);

        public int GetHashCode(ImmutableQueue<int> obj)
        {
            var hash = default(HashCode);
            foreach (int item in obj)
            {
                hash.Add(item);
            }

            return hash.ToHashCode();
        }
    }
}
