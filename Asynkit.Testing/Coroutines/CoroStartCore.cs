using System.Runtime.ExceptionServices;

namespace Asynkit.Testing;

/// <summary>The untyped engine behind <see cref="CoroStart"/> and <see cref="CoroStart{T}"/>: starts a coroutine in a
/// <see cref="HoldingSynchronizationContext"/> and tracks asynkit's states (pending, done, continued).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The token source has no timer and its WaitHandle is never created, so it holds nothing to release; the coroutine may observe its token after the CoroStart is gone.")]
internal sealed class CoroStartCore
{
    private static readonly SynchronizationContext s_threadPool = new();
    private static readonly ContextCallback s_invoke = static state => ((CoroStartCore)state!).Invoke();

    private readonly Func<Task>? _coroutine;
    private readonly Func<CancellationToken, Task>? _tokenCoroutine;
    private readonly Func<Exception, Task> _fault;
    private readonly ExecutionContext? _context;
    private readonly HoldingSynchronizationContext _holder;
    private CancellationTokenSource? _cancellation;
    private TaskCompletionSource? _started;
    private Task? _task;
    private Phase _phase;

    internal CoroStartCore(Func<Task>? coroutine, Func<CancellationToken, Task>? tokenCoroutine, Func<Exception, Task> fault, ExecutionContext? context)
    {
        _coroutine = coroutine;
        _tokenCoroutine = tokenCoroutine;
        _fault = fault;
        _context = context;
        _holder = new HoldingSynchronizationContext(AsynkitLoop.Current);
    }

    private enum Phase
    {
        NotStarted,
        Starting,
        Pending,
        Done,
        Continued,
    }

    internal bool IsDone => _phase == Phase.Done;

    internal bool IsPending => _phase == Phase.Pending;

    internal bool IsContinued => _phase == Phase.Continued;

    internal LoopTaskState State => _phase switch
    {
        Phase.NotStarted => LoopTaskState.New,
        Phase.Starting => LoopTaskState.Running,
        Phase.Pending => LoopTaskState.Suspended,
        Phase.Done => LoopTaskState.Finished,
        _ => _task is null || _task.IsCompleted ? LoopTaskState.Finished
            : AsyncStackInspector.IsRunning(_task) ? LoopTaskState.Running
            : LoopTaskState.Suspended,
    };

    internal string? SuspendedAt => State == LoopTaskState.Suspended ? AsyncStackInspector.DescribeSuspension(_task!) : null;

    internal Task WhenStarted => (_started ??= new TaskCompletionSource()).Task;

    internal bool Start(ExecutionContext? context)
    {
        if (_phase != Phase.NotStarted)
        {
            throw new InvalidOperationException(_task is null
                ? "CoroStart.Start: the CoroStart was closed before it started."
                : "CoroStart.Start: the coroutine has already been started; Start runs it only once.");
        }

        _phase = Phase.Starting;
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_holder);
        try
        {
            ExecutionContext? executionContext = context ?? _context;
            if (executionContext is null)
            {
                Invoke();
            }
            else
            {
                ExecutionContext.Run(executionContext, s_invoke, this);
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        _phase = _task!.IsCompleted ? Phase.Done : Phase.Pending;
        _started?.TrySetResult();
        return _phase == Phase.Done;
    }

    /// <summary>Continues the coroutine in the calling task: returns its Task, or null when it has not been started yet.</summary>
    internal Task? Continue()
    {
        switch (_phase)
        {
            case Phase.NotStarted:
                return null;
            case Phase.Starting:
                return _fault(new InvalidOperationException("CoroStart: the coroutine is still in its start phase; it cannot be continued from inside itself."));
            case Phase.Continued:
                return _fault(new InvalidOperationException("CoroStart: cannot reuse already awaited coroutine."));
            default:
                _phase = Phase.Continued;
                _holder.Bind(SynchronizationContext.Current ?? s_threadPool);
                return _task;
        }
    }

    internal Task AsFuture()
    {
        ThrowIfNotDone(nameof(AsFuture));
        return _task!;
    }

    /// <summary>The coroutine's Task once done; throws while it is not.</summary>
    internal Task DoneTask(string member)
    {
        ThrowIfNotDone(member);
        return _task!;
    }

    internal Exception? Exception
    {
        get
        {
            ThrowIfNotDone(nameof(Exception));
            return ExceptionOf(_task!);
        }
    }

    internal void Close()
    {
        switch (_phase)
        {
            case Phase.Starting:
                throw new InvalidOperationException("CoroStart.Close: the coroutine is in its start phase; it cannot be closed from inside itself.");
            case Phase.NotStarted:
                _phase = Phase.Continued;
                _holder.Drop();
                return;
            case Phase.Pending:
                _phase = Phase.Continued;
                CloseSuspended();
                return;
            default:
                _phase = Phase.Continued;
                return;
        }
    }

    internal async Task CloseAsync()
    {
        if (_phase != Phase.Pending || _cancellation is null)
        {
            Close();
            return;
        }

        // Cancel, not CancelAsync: the callbacks must run here, on the loop, not on the thread pool.
        _cancellation.Cancel();
        Task task = Continue()!;
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // The coroutine acknowledged the close request by ending with cancellation (asynkit: GeneratorExit).
        }
    }

    internal static Exception? ExceptionOf(Task task)
    {
        if (task.IsFaulted)
        {
            return task.Exception!.InnerException;
        }

        if (task.IsCanceled)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException canceled)
            {
                return canceled;
            }
        }

        return null;
    }

    private void Invoke()
    {
        try
        {
            Task? task = _tokenCoroutine is not null
                ? _tokenCoroutine((_cancellation = new CancellationTokenSource()).Token)
                : _coroutine!();
            _task = task ?? _fault(new InvalidOperationException("CoroStart: the coroutine returned a null Task."));
        }
        catch (Exception ex)
        {
            _task = _fault(ex);
        }
    }

    /// <summary>Closes a suspended coroutine: without a token it is abandoned; with one, the token is cancelled and the coroutine
    /// resumes once, synchronously, here: if it does not end then (it awaited again), it ignored the close request.</summary>
    private void CloseSuspended()
    {
        if (_cancellation is null)
        {
            _holder.Drop();
            return;
        }

        _cancellation.Cancel();
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_holder);
        try
        {
            // Only what the cancellation (or earlier completions) resumed: a continuation posted while these run means the
            // coroutine suspended again, as a generator that yields after GeneratorExit.
            for (int resumptions = _holder.HeldCount; resumptions > 0 && !_task!.IsCompleted; resumptions--)
            {
                if (_holder.TryTakeHeld(out SendOrPostCallback callback, out object? state))
                {
                    callback(state);
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (!_task!.IsCompleted)
        {
            _holder.Drop();
            throw new InvalidOperationException(
                $"CoroStart.Close: the coroutine ignored the close request: after its token was cancelled it awaited again, at {AsyncStackInspector.DescribeSuspension(_task) ?? "an unknown await"} (asynkit: coroutine ignored GeneratorExit). Use CloseAsync to let it clean up asynchronously.");
        }

        if (ExceptionOf(_task) is { } error and not OperationCanceledException)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }

    private void ThrowIfNotDone(string member)
    {
        if (_phase != Phase.Done)
        {
            string why = _phase switch
            {
                Phase.NotStarted => "it has not been started (call Start)",
                Phase.Starting => "it is in its start phase",
                Phase.Pending => "it is suspended, waiting to be awaited",
                _ => "it has already been awaited or closed",
            };
            throw new InvalidOperationException($"CoroStart.{member}: the coroutine is not done: {why}.");
        }
    }
}
