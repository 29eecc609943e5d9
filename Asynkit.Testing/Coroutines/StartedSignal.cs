namespace Asynkit.Testing;

/// <summary>Given to a child started with <see cref="EagerTaskGroup.Start{TStarted}"/>: the child calls <see cref="Started"/> once it
/// is ready, and the parent's <c>Start</c> task completes with that value (anyio's task_status.started).</summary>
/// <typeparam name="T">The value the child reports.</typeparam>
public sealed class StartedSignal<T>
{
    private readonly TaskCompletionSource<T> _started = new();

    internal StartedSignal(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    /// <summary>The group's token: cancelled when a sibling fails or the group is cancelled.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>True once <see cref="Started"/> has been called.</summary>
    public bool IsStarted { get; private set; }

    internal Task<T> Task => _started.Task;

    /// <summary>Reports that the child is ready; the parent's <c>Start</c> task completes with <paramref name="value"/>.</summary>
    /// <exception cref="InvalidOperationException">Called a second time.</exception>
    public void Started(T value)
    {
        if (IsStarted)
        {
            throw new InvalidOperationException("StartedSignal.Started: the child has already signalled; call Started once.");
        }

        IsStarted = true;
        _started.TrySetResult(value);
    }

    /// <summary>The child ended before signalling: the parent's <c>Start</c> task fails (or is cancelled) with its outcome.</summary>
    internal void EndedWithoutSignal(Exception error)
    {
        if (error is OperationCanceledException canceled)
        {
            _started.TrySetCanceled(canceled.CancellationToken);
        }
        else
        {
            _started.TrySetException(error);
        }
    }
}
