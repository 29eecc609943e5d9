using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>A coroutine bound to an <see cref="OobMonitor"/>: await it, answer its out-of-band data, throw into it, close it
/// (asynkit's BoundMonitor / MonitorAwaitable).</summary>
/// <typeparam name="T">The coroutine's result type.</typeparam>
/// <remarks>Every drive runs the coroutine inside the calling task, up to its next <see cref="OobMonitor.OobAsync"/> or its end.</remarks>
public sealed class BoundMonitor<T>
{
    private readonly MonitoredCoroutine _coroutine;
    private readonly Func<Task, T> _result;
    private readonly Func<DriveOutcome, T> _mapAwait;
    private readonly Func<DriveOutcome, object?> _mapStart;
    private readonly Func<DriveOutcome, object?> _mapClose;

    internal BoundMonitor(MonitoredCoroutine coroutine, Func<Task, T> result)
    {
        _coroutine = coroutine;
        _result = result;
        _mapAwait = MapAwait;
        _mapStart = MapStart;
        _mapClose = MapClose;
    }

    /// <summary>True once the coroutine has finished (or was closed or thrown into before it started).</summary>
    public bool IsFinished => _coroutine.State == CoroutineState.Finished;

    /// <summary>Starts or resumes the coroutine; <paramref name="data"/> becomes the result of the OobAsync it is suspended at
    /// (asynkit's aawait). Returns its result, or throws <see cref="OobDataException"/> when it sends out-of-band data.</summary>
    /// <exception cref="OobDataException">The coroutine called OobAsync; it is suspended there.</exception>
    /// <exception cref="InvalidOperationException">The monitor is already driving a coroutine, or this coroutine has finished.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not null but the coroutine has not started.</exception>
    public Task<T> AwaitAsync(object? data = null) => _coroutine.Drive(data, null, _mapAwait, "BoundMonitor.AwaitAsync");

    /// <summary>Raises <paramref name="exception"/> inside the coroutine at the OobAsync it is suspended at, then drives it as
    /// <see cref="AwaitAsync"/> does (asynkit's athrow); a coroutine that has not started finishes with it without running.</summary>
    public Task<T> ThrowAsync(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return _coroutine.Drive(null, exception, _mapAwait, "BoundMonitor.ThrowAsync");
    }

    /// <summary>Closes the coroutine: raises <see cref="GeneratorExitException"/> at its OobAsync so that its finally blocks run (asynkit's aclose).
    /// Does nothing when it has finished; a coroutine that has not started is marked finished without running.</summary>
    /// <exception cref="InvalidOperationException">The coroutine answered with another OobAsync instead of finishing.</exception>
    public Task CloseAsync()
    {
        switch (_coroutine.State)
        {
            case CoroutineState.Finished:
                return Task.CompletedTask;
            case CoroutineState.New:
                _coroutine.CloseUnstarted();
                return Task.CompletedTask;
            default:
                return _coroutine.Drive(null, new GeneratorExitException(), _mapClose, "BoundMonitor.CloseAsync");
        }
    }

    /// <summary>Drives the coroutine to its first OobAsync and returns that out-of-band data (asynkit's Monitor.start).</summary>
    /// <exception cref="InvalidOperationException">The coroutine finished without calling OobAsync.</exception>
    public Task<object?> StartAsync() => _coroutine.Drive(null, null, _mapStart, "BoundMonitor.StartAsync");

    /// <summary>Like <see cref="AwaitAsync"/>, but returns <paramref name="sentinel"/> instead of throwing when the coroutine sends
    /// out-of-band data (the data is discarded), and the coroutine's result (boxed) when it finishes (asynkit's try_await).</summary>
    public Task<object?> TryAwaitAsync(object? data = null, object? sentinel = null) =>
        _coroutine.Drive(data, null, outcome => outcome.IsOob ? sentinel : MapAwait(outcome), "BoundMonitor.TryAwaitAsync");

    /// <summary>Awaits <see cref="AwaitAsync"/> with no data, so that <c>await bound</c> works.</summary>
    public TaskAwaiter<T> GetAwaiter() => AwaitAsync().GetAwaiter();

    private T MapAwait(DriveOutcome outcome)
    {
        if (outcome.IsOob)
        {
            throw new OobDataException(outcome.Data);
        }

        outcome.ThrowIfFailed();
        return _result(outcome.Finished!);
    }

    private object? MapStart(DriveOutcome outcome)
    {
        if (outcome.IsOob)
        {
            return outcome.Data;
        }

        outcome.ThrowIfFailed();
        throw new InvalidOperationException("BoundMonitor.StartAsync: the coroutine finished without calling OobMonitor.OobAsync (asynkit: 'Coroutine did not await Monitor.oob()').");
    }

    private object? MapClose(DriveOutcome outcome)
    {
        if (outcome.IsOob)
        {
            throw new InvalidOperationException(
                "BoundMonitor.CloseAsync: the coroutine ignored GeneratorExitException: it called OobMonitor.OobAsync again instead of finishing. It is suspended there; let GeneratorExitException propagate after cleaning up.");
        }

        if (outcome.Finished!.Exception?.InnerException is GeneratorExitException)
        {
            return null;
        }

        outcome.ThrowIfFailed();
        return null;
    }
}
