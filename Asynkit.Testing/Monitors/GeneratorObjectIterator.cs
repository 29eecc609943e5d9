namespace Asynkit.Testing;

/// <summary>An async generator driven by a <see cref="GeneratorObject{T}"/>: enumerate it with <c>await foreach</c>, or use
/// the full protocol (asynkit's GeneratorObjectIterator: asend, athrow, aclose, ag_running).</summary>
/// <typeparam name="T">The type of the values yielded.</typeparam>
/// <remarks>
/// <para>It is its own enumerator and can be enumerated once (as a Python async generator). Every call runs the body inside the
/// calling task, up to its next yield or its end. Disposing it (as <c>await foreach</c> does on <c>break</c>) closes the body: a
/// <see cref="GeneratorExitException"/> is raised at its pending yield, so that its finally blocks run.</para>
/// <para>There is no garbage-collection finalizer: a generator that is neither exhausted nor disposed stays suspended (Python's
/// asyncgen hooks have no counterpart; use <c>await using</c> or <c>await foreach</c>).</para>
/// </remarks>
public sealed class GeneratorObjectIterator<T> : IAsyncEnumerable<T>, IAsyncEnumerator<T>
{
    private readonly MonitoredCoroutine _coroutine;
    private readonly Func<DriveOutcome, T> _mapSend;
    private readonly Func<DriveOutcome, bool> _mapNext;
    private readonly Func<DriveOutcome, object?> _mapClose;
    private CancellationToken _cancellation;

    internal GeneratorObjectIterator(MonitoredCoroutine coroutine)
    {
        _coroutine = coroutine;
        _mapSend = MapSend;
        _mapNext = MapNext;
        _mapClose = MapClose;
    }

    /// <summary>True while a call is driving the body (asynkit's ag_running); a second call meanwhile fails with "already running".</summary>
    public bool IsRunning { get; private set; }

    /// <summary>True once the body has finished (or the generator was closed).</summary>
    public bool IsFinished => _coroutine.State == CoroutineState.Finished;

    /// <summary>The value the last successful MoveNextAsync produced.</summary>
    public T Current { get; private set; } = default!;

    /// <summary>Returns this generator; <paramref name="cancellationToken"/> is checked before each MoveNextAsync resumes the body.</summary>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        _cancellation = cancellationToken;
        return this;
    }

    /// <summary>Runs the body to its next yield and makes that value <see cref="Current"/>; false once the body has finished.</summary>
    /// <exception cref="InvalidOperationException">The generator is already running, or the body threw <see cref="StopAsyncIterationException"/>.</exception>
    public ValueTask<bool> MoveNextAsync()
    {
        if (IsRunning)
        {
            return ValueTask.FromException<bool>(AlreadyRunning("MoveNextAsync"));
        }

        if (_coroutine.State == CoroutineState.Finished)
        {
            return new ValueTask<bool>(false);
        }

        if (_cancellation.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(_cancellation);
        }

        return new ValueTask<bool>(Run(null, null, _mapNext, "GeneratorObjectIterator.MoveNextAsync"));
    }

    /// <summary>Resumes the body with <paramref name="value"/> as the result of its pending YieldAsync and returns the next value
    /// yielded (asynkit's asend). The first call must send null.</summary>
    /// <exception cref="StopAsyncIterationException">The body finished (now or before).</exception>
    /// <exception cref="InvalidOperationException">The generator is already running.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not null but the body has not started.</exception>
    public Task<T> SendAsync(object? value)
    {
        if (IsRunning)
        {
            return Task.FromException<T>(AlreadyRunning("SendAsync"));
        }

        if (_coroutine.State == CoroutineState.Finished)
        {
            return Task.FromException<T>(new StopAsyncIterationException());
        }

        return Run(value, null, _mapSend, "GeneratorObjectIterator.SendAsync", nameof(value));
    }

    /// <summary>Raises <paramref name="exception"/> inside the body at its pending YieldAsync and returns the next value yielded
    /// (asynkit's athrow); a body that has not started finishes with the exception without running.</summary>
    /// <exception cref="StopAsyncIterationException">The body finished (now or before).</exception>
    /// <exception cref="InvalidOperationException">The generator is already running.</exception>
    public Task<T> ThrowAsync(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (IsRunning)
        {
            return Task.FromException<T>(AlreadyRunning("ThrowAsync"));
        }

        if (_coroutine.State == CoroutineState.Finished)
        {
            return Task.FromException<T>(new StopAsyncIterationException());
        }

        return Run(null, exception, _mapSend, "GeneratorObjectIterator.ThrowAsync");
    }

    /// <summary>Closes the generator (asynkit's aclose): raises <see cref="GeneratorExitException"/> at the body's pending
    /// YieldAsync so that its finally blocks run. Does nothing when finished; a body that has not started never runs.</summary>
    /// <exception cref="InvalidOperationException">The generator is already running, or the body yielded again instead of finishing.</exception>
    public Task CloseAsync()
    {
        if (IsRunning)
        {
            return Task.FromException(AlreadyRunning("CloseAsync"));
        }

        switch (_coroutine.State)
        {
            case CoroutineState.Finished:
                return Task.CompletedTask;
            case CoroutineState.New:
                _coroutine.CloseUnstarted();
                return Task.CompletedTask;
            default:
                return Run(null, new GeneratorExitException(), _mapClose, "GeneratorObjectIterator.CloseAsync");
        }
    }

    /// <summary>Closes the generator, as <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => new(CloseAsync());

    private static InvalidOperationException AlreadyRunning(string member) =>
        new($"GeneratorObjectIterator.{member}: the generator is already running: another call (MoveNextAsync, SendAsync, ThrowAsync or CloseAsync) is driving its body and has not returned yet.");

    private static void ThrowIfFailed(DriveOutcome outcome)
    {
        if (outcome.Finished!.Exception?.InnerException is StopAsyncIterationException stop)
        {
            // PEP 479: an exhausted inner generator must not silently end this one.
            throw new InvalidOperationException(
                "The generator body threw StopAsyncIterationException (asynkit: 'async generator raised StopAsyncIteration'); it cannot end the iteration that way. Catch it where an inner generator is driven, or return from the body.",
                stop);
        }

        outcome.ThrowIfFailed();
    }

    private Task<TResult> Run<TResult>(object? value, Exception? error, Func<DriveOutcome, TResult> map, string member, string valueName = "value")
    {
        IsRunning = true;
        Task<TResult> task;
        try
        {
            task = _coroutine.Drive(value, error, map, member, valueName);
        }
        catch
        {
            IsRunning = false;
            throw;
        }

        if (task.IsCompleted)
        {
            IsRunning = false;
        }

        return task;
    }

    private T MapSend(DriveOutcome outcome)
    {
        IsRunning = false;
        if (outcome.IsOob)
        {
            return (T)outcome.Data!;
        }

        ThrowIfFailed(outcome);
        throw new StopAsyncIterationException();
    }

    private bool MapNext(DriveOutcome outcome)
    {
        IsRunning = false;
        if (outcome.IsOob)
        {
            Current = (T)outcome.Data!;
            return true;
        }

        ThrowIfFailed(outcome);
        return false;
    }

    private object? MapClose(DriveOutcome outcome)
    {
        IsRunning = false;
        if (outcome.IsOob)
        {
            throw new InvalidOperationException(
                "GeneratorObjectIterator.CloseAsync: the generator ignored GeneratorExitException: it yielded again instead of finishing. It is suspended at that yield; let GeneratorExitException propagate after cleaning up.");
        }

        if (outcome.Finished!.Exception?.InnerException is GeneratorExitException)
        {
            return null;
        }

        ThrowIfFailed(outcome);
        return null;
    }
}
