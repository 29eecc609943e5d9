namespace Asynkit.Testing.Exploration;

/// <summary>Wing and Gong's linearizability search with Lowe's memoization (a set of (operations linearized, model state) pairs),
/// over each partition of the history (P-compositionality), as Porcupine does; a violation is narrowed to the shortest
/// prefix of its partition that ends at a quiescent point and is already not linearizable.</summary>
internal static class LinearizabilityChecker<TState, TInput, TOutput>
{
    public static LinearizabilityResult Check(SequentialModel<TState, TInput, TOutput> model, IReadOnlyList<HistoryOperation<TInput, TOutput>> operations)
    {
        List<List<HistoryOperation<TInput, TOutput>>> partitions = Partition(model, operations);
        foreach (List<HistoryOperation<TInput, TOutput>> partition in partitions)
        {
            if (Search(model, partition) is null)
            {
                continue;
            }

            List<HistoryOperation<TInput, TOutput>> smallest = SmallestFailingPrefix(model, partition, out Failure shortest);
            object? key = model.PartitionKey(partition[0].Input);
            return LinearizabilityResult.Violation(
                operations.Count,
                partitions.Count,
                partitions.Count > 1 ? $"{key}" : null,
                partition.Count,
                [.. smallest.Select(o => Line(model, o))],
                [.. shortest.Order.Select(i => Short(model, smallest[i]))],
                model.DescribeState(shortest.State),
                [.. shortest.Candidates.Select(i => Short(model, smallest[i]))],
                Short(model, smallest[shortest.Stuck]));
        }

        return LinearizabilityResult.Linearizable(operations.Count, partitions.Count);
    }

    private static List<List<HistoryOperation<TInput, TOutput>>> Partition(SequentialModel<TState, TInput, TOutput> model, IReadOnlyList<HistoryOperation<TInput, TOutput>> operations)
    {
        var byKey = new Dictionary<object, List<HistoryOperation<TInput, TOutput>>>();
        var order = new List<List<HistoryOperation<TInput, TOutput>>>();
        foreach (HistoryOperation<TInput, TOutput> operation in operations)
        {
            if (model.PartitionKey(operation.Input) is not { } key)
            {
                return operations.Count == 0 ? [] : [[.. operations]];
            }

            if (!byKey.TryGetValue(key, out List<HistoryOperation<TInput, TOutput>>? list))
            {
                byKey[key] = list = [];
                order.Add(list);
            }

            list.Add(operation);
        }

        return order;
    }

    /// <summary>The shortest prefix of <paramref name="partition"/> (in invocation order) that ends where no operation is in
    /// flight and is not linearizable; a prefix that fails makes every longer one fail, so the cut is found by bisection.</summary>
    private static List<HistoryOperation<TInput, TOutput>> SmallestFailingPrefix(SequentialModel<TState, TInput, TOutput> model, List<HistoryOperation<TInput, TOutput>> partition, out Failure failure)
    {
        var cuts = new List<int>();
        long lastReturn = long.MinValue;
        for (int i = 0; i < partition.Count; i++)
        {
            lastReturn = Math.Max(lastReturn, partition[i].Returned!.Value);
            if (i == partition.Count - 1 || lastReturn < partition[i + 1].Invoked)
            {
                cuts.Add(i + 1);
            }
        }

        int low = 0;
        int high = cuts.Count - 1; // the whole partition fails
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (Search(model, partition.GetRange(0, cuts[middle])) is not null)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        failure = Search(model, partition.GetRange(0, cuts[high]))!;
        return partition.GetRange(0, cuts[high]);
    }

    /// <summary>Null when some order explains <paramref name="operations"/>; else the deepest attempt: the operations it ordered,
    /// the model state after them, and the operations that could have come next but fit no order.</summary>
    private static Failure? Search(SequentialModel<TState, TInput, TOutput> model, List<HistoryOperation<TInput, TOutput>> operations)
    {
        int count = operations.Count;
        Node head = BuildEvents(operations);
        var linearized = new ulong[(count + 63) / 64];
        var seen = new HashSet<(ulong[] Bits, TState State)>(new MemoComparer(model.StateComparer));
        var stack = new Stack<(Node Call, TState State)>();
        TState state = model.Initial;
        Failure? deepest = null;
        Node? entry = head.Next;
        while (head.Next is not null)
        {
            if (entry!.IsCall)
            {
                HistoryOperation<TInput, TOutput> operation = operations[entry.Op];
                if (model.Apply(state, operation.Input, operation.Output!, out TState next))
                {
                    linearized[entry.Op / 64] |= 1UL << (entry.Op % 64);
                    if (seen.Add(((ulong[])linearized.Clone(), next)))
                    {
                        stack.Push((entry, state));
                        state = next;
                        entry.Lift();
                        entry = head.Next;
                        continue;
                    }

                    linearized[entry.Op / 64] &= ~(1UL << (entry.Op % 64));
                }

                entry = entry.Next;
                continue;
            }

            // A response before its operation was ordered: nothing that could still go first fits. Back up one operation.
            if (deepest is null || stack.Count > deepest.Order.Count)
            {
                deepest = new Failure([.. stack.Reverse().Select(s => s.Call.Op)], state, Candidates(head, entry), entry.Op);
            }

            if (stack.Count == 0)
            {
                return deepest;
            }

            (Node call, TState before) = stack.Pop();
            state = before;
            linearized[call.Op / 64] &= ~(1UL << (call.Op % 64));
            call.Unlift();
            entry = call.Next;
        }

        return null;
    }

    /// <summary>The operations whose invocation comes before <paramref name="response"/> in the list: those that could go next.</summary>
    private static List<int> Candidates(Node head, Node response)
    {
        var candidates = new List<int>();
        for (Node? node = head.Next; node is not null && node != response; node = node.Next)
        {
            if (node.IsCall)
            {
                candidates.Add(node.Op);
            }
        }

        return candidates;
    }

    private static Node BuildEvents(List<HistoryOperation<TInput, TOutput>> operations)
    {
        var events = new List<(long Tick, Node Node)>(operations.Count * 2);
        for (int i = 0; i < operations.Count; i++)
        {
            var call = new Node(i, isCall: true);
            var response = new Node(i, isCall: false);
            call.Match = response;
            events.Add((operations[i].Invoked, call));
            events.Add((operations[i].Returned!.Value, response));
        }

        events.Sort((a, b) => a.Tick.CompareTo(b.Tick));
        var head = new Node(-1, isCall: false);
        Node last = head;
        foreach ((_, Node node) in events)
        {
            last.Next = node;
            node.Prev = last;
            last = node;
        }

        return head;
    }

    private static string Line(SequentialModel<TState, TInput, TOutput> model, HistoryOperation<TInput, TOutput> o) =>
        FormattableString.Invariant($"#{o.Id,-4} {o.Task,-20} [{o.Invoked}..{o.Returned}]  {model.Describe(o.Input, o.Output!)}");

    private static string Short(SequentialModel<TState, TInput, TOutput> model, HistoryOperation<TInput, TOutput> o) =>
        $"#{o.Id} {model.Describe(o.Input, o.Output!)}";

    /// <summary>The deepest attempt of a failed search, by operation index: the order found, the state after it, the
    /// operations that could have gone next, and the one whose response came first.</summary>
    private sealed record Failure(List<int> Order, TState State, List<int> Candidates, int Stuck);

    /// <summary>An invocation or response in the search's doubly linked list of events.</summary>
    private sealed class Node(int op, bool isCall)
    {
        public int Op { get; } = op;

        public bool IsCall { get; } = isCall;

        public Node? Match { get; set; }

        public Node? Prev { get; set; }

        public Node? Next { get; set; }

        /// <summary>Takes this invocation and its response out of the list.</summary>
        public void Lift()
        {
            Unlink(this);
            Unlink(Match!);
        }

        /// <summary>Puts them back where they were (the reverse order of <see cref="Lift"/>).</summary>
        public void Unlift()
        {
            Relink(Match!);
            Relink(this);
        }

        private static void Unlink(Node node)
        {
            node.Prev!.Next = node.Next;
            if (node.Next is not null)
            {
                node.Next.Prev = node.Prev;
            }
        }

        private static void Relink(Node node)
        {
            node.Prev!.Next = node;
            if (node.Next is not null)
            {
                node.Next.Prev = node;
            }
        }
    }

    private sealed class MemoComparer(IEqualityComparer<TState> states) : IEqualityComparer<(ulong[] Bits, TState State)>
    {
        public bool Equals((ulong[] Bits, TState State) x, (ulong[] Bits, TState State) y) =>
            x.Bits.AsSpan().SequenceEqual(y.Bits) && states.Equals(x.State, y.State);

        public int GetHashCode((ulong[] Bits, TState State) key)
        {
            var hash = default(HashCode);
            foreach (ulong word in key.Bits)
            {
                hash.Add(word);
            }

            hash.Add(key.State is null ? 0 : states.GetHashCode(key.State));
            return hash.ToHashCode();
        }
    }
}
