using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>What <see cref="History{TInput, TOutput}.Check"/> found: linearizable, or the smallest sub-history it found that no
/// sequential order explains, the longest order it could build there, and the model state at which no operation fits next.</summary>
public sealed class LinearizabilityResult
{
    private LinearizabilityResult(bool isLinearizable, int operations, int partitions)
    {
        IsLinearizable = isLinearizable;
        Operations = operations;
        Partitions = partitions;
    }

    /// <summary>True when some sequential order of the operations, consistent with their real-time order, explains every output.</summary>
    public bool IsLinearizable { get; }

    /// <summary>How many operations the history holds.</summary>
    public int Operations { get; }

    /// <summary>Into how many independent sub-histories the model's partition key split it (1 when it does not split).</summary>
    public int Partitions { get; }

    /// <summary>The partition key of the failing sub-history, or null when the history was not split.</summary>
    public string? FailingPartition { get; private init; }

    /// <summary>The smallest non-linearizable sub-history found, one line per operation (number, task, ticks, operation and output).</summary>
    public IReadOnlyList<string> SubHistory { get; private init; } = [];

    /// <summary>The longest order of operations the search could build in that sub-history.</summary>
    public IReadOnlyList<string> LongestOrder { get; private init; } = [];

    /// <summary>The model state after <see cref="LongestOrder"/>: where no operation fits next.</summary>
    public string? StateWhereNoOrderFits { get; private init; }

    /// <summary>The operations that could have come next there, none of which fits.</summary>
    public IReadOnlyList<string> Candidates { get; private init; } = [];

    /// <summary>The operation whose response forced one of them to come next.</summary>
    public string? Blocking { get; private init; }

    private int PartitionSize { get; init; }

    internal static LinearizabilityResult Linearizable(int operations, int partitions) => new(true, operations, partitions);

    internal static LinearizabilityResult Violation(int operations, int partitions, string? partition, int partitionSize, List<string> subHistory, List<string> order, string state, List<string> candidates, string blocking) =>
        new(false, operations, partitions)
        {
            FailingPartition = partition,
            PartitionSize = partitionSize,
            SubHistory = subHistory,
            LongestOrder = order,
            StateWhereNoOrderFits = state,
            Candidates = candidates,
            Blocking = blocking,
        };

    /// <summary>One line for a linearizable history; for a violation, the sub-history, the longest order and the state.</summary>
    public override string ToString()
    {
        if (IsLinearizable)
        {
            return FormattableString.Invariant($"linearizable: {Operations:N0} operation(s) in {Partitions:N0} partition(s)");
        }

        var text = new StringBuilder();
        text.Append(FormattableString.Invariant($"history not linearizable: no sequential order of its operations explains their outputs ({Operations:N0} operation(s)"));
        text.Append(FailingPartition is null ? ")" : FormattableString.Invariant($", {Partitions:N0} partitions; key '{FailingPartition}' fails, {PartitionSize:N0} operation(s))")).AppendLine(".");
        text.Append(FormattableString.Invariant($"Smallest non-linearizable sub-history found ({SubHistory.Count:N0} operation(s), from the start to the first point with no operation in flight at which no order fits; [invoked..returned] in history ticks):")).AppendLine();
        foreach (string line in SubHistory)
        {
            text.Append("  ").AppendLine(line);
        }

        text.Append("Longest order found: ").AppendLine(LongestOrder.Count == 0 ? "(none: no operation can go first)" : string.Join(", ", LongestOrder));
        text.Append("Model state there: ").AppendLine(StateWhereNoOrderFits);
        text.Append("No order fits: ").Append(Blocking).Append(" has returned, so ");
        text.Append(Candidates.Count == 1 ? "it must come next, and it cannot in that state." : $"one of {string.Join(", ", Candidates)} must come next, and none can in that state.");
        return text.ToString();
    }
}
