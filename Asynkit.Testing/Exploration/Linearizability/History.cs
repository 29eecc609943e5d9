namespace Asynkit.Testing.Exploration;

/// <summary>A recorded history of a concurrent object: each operation's invocation, its response and the task that made it,
/// checked for linearizability against a <see cref="SequentialModel{TState, TInput, TOutput}"/> (Wing and Gong's search with
/// Lowe's memoization, and P-compositionality, as Porcupine does).</summary>
/// <remarks>Record every call with <see cref="RecordAsync"/> (or <see cref="Invoke"/> and <see cref="PendingOperation.Return"/>), await
/// them all, then call <see cref="AssertLinearizable"/> at the end of the test: under exploration, a schedule whose history no
/// sequential order explains fails with a <see cref="LinearizabilityException"/>, its trace and its replay token. Use one
/// history per run (create it inside the test).</remarks>
public sealed class History<TInput, TOutput>
{
    private readonly List<HistoryOperation<TInput, TOutput>> _operations = [];
    private long _clock;

    /// <summary>Every operation recorded so far, in invocation order.</summary>
    public IReadOnlyList<HistoryOperation<TInput, TOutput>> Operations => _operations;

    /// <summary>Records the invocation of <paramref name="input"/> by the current task; call <see cref="PendingOperation.Return"/> with its output.</summary>
    public PendingOperation Invoke(TInput input)
    {
        LoopTask? task = AsynkitLoop.Current?.CurrentTask;
        string by = task is null ? "(outside the loop)" : $"{task.Name} #{task.Id}";
        _operations.Add(new HistoryOperation<TInput, TOutput>(_operations.Count + 1, by, input, default, ++_clock, null));
        return new PendingOperation(this, _operations.Count - 1);
    }

    /// <summary>Invokes <paramref name="operation"/>, recording its invocation before and its output after.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    public async Task<TOutput> RecordAsync(TInput input, Func<Task<TOutput>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        PendingOperation call = Invoke(input);
        TOutput output = await operation();
        call.Return(output);
        return output;
    }

    /// <summary>Checks the history; the result says whether some sequential order of the operations, consistent with their
    /// real-time order, explains every output, and if not, why.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="InvalidOperationException">An operation was invoked but never returned: await every operation first.</exception>
    public LinearizabilityResult Check<TState>(SequentialModel<TState, TInput, TOutput> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_operations.FirstOrDefault(o => o.Returned is null) is { } pending)
        {
            throw new InvalidOperationException($"Operation #{pending.Id} ({pending.Input}) by {pending.Task} was invoked but never returned: await every recorded operation before checking the history.");
        }

        return LinearizabilityChecker<TState, TInput, TOutput>.Check(model, _operations);
    }

    /// <summary>Throws a <see cref="LinearizabilityException"/> when <see cref="Check"/> finds the history not linearizable.</summary>
    /// <exception cref="LinearizabilityException">No sequential order explains the history; the message shows why.</exception>
    public void AssertLinearizable<TState>(SequentialModel<TState, TInput, TOutput> model)
    {
        LinearizabilityResult result = Check(model);
        if (!result.IsLinearizable)
        {
            throw new LinearizabilityException(result);
        }
    }

    private void Complete(int index, TOutput output)
    {
        HistoryOperation<TInput, TOutput> operation = _operations[index];
        if (operation.Returned is not null)
        {
            throw new InvalidOperationException($"Operation #{operation.Id} ({operation.Input}) already returned.");
        }

        _operations[index] = operation with { Output = output, Returned = ++_clock };
    }

    /// <summary>An invoked operation of the history, waiting for its response.</summary>
    public readonly struct PendingOperation
    {
        private readonly History<TInput, TOutput> _history;
        private readonly int _index;

        internal PendingOperation(History<TInput, TOutput> history, int index)
        {
            _history = history;
            _index = index;
        }

        /// <summary>Records the operation's response.</summary>
        /// <exception cref="InvalidOperationException">It already returned.</exception>
        public void Return(TOutput output) => _history.Complete(_index, output);
    }
}
