using System.Runtime.ExceptionServices;

namespace Asynkit.Testing;

/// <summary>Structured concurrency with eager children (asynkit.experimental.anyio's EagerTaskGroup): each child runs at once, in
/// its own task, up to its first suspension; disposing the group awaits every child.</summary>
/// <remarks>
/// <para>Use it with <c>await using var group = new EagerTaskGroup();</c>. The first child to fail cancels the group: the token
/// every child receives is cancelled and each unfinished child's <see cref="LoopTask.Cancel"/> is called (which also wakes
/// <see cref="Scheduling.Sleep"/>). Disposal then throws that first failure as itself, with any later ones in its
/// <see cref="Exception.Data"/> under <see cref="OtherFailuresKey"/>. Cancellations caused by the group are not failures.</para>
/// <para>As in asynkit, a child that fails before its first suspension makes <see cref="StartSoon(Func{CancellationToken, Task}, string?)"/>
/// itself throw. C# does not tell DisposeAsync that the <c>await using</c> body threw, so a body that fails leaves the children
/// running until they end; <see cref="RunAsync"/> cancels them in that case, as anyio does.</para>
/// </remarks>
public sealed class EagerTaskGroup : IAsyncDisposable
{
    /// <summary>The <see cref="Exception.Data"/> key under which the thrown failure carries the other children's failures (an Exception[]).</summary>
    public const string OtherFailuresKey = "Asynkit.EagerTaskGroup.OtherFailures";

    private readonly AsynkitLoop _loop;
    // Never disposed: it has no timer, so nothing to release, and its token must stay usable after the group is disposed.
    private readonly CancellationTokenSource _cancellation = new();
    private readonly HashSet<LoopTask> _running = [];
    private readonly List<Exception> _failures = [];
    private TaskCompletionSource? _allDone;
    private int _live;
    private bool _disposing;
    private bool _disposed;

    /// <summary>Creates a group on the running loop.</summary>
    /// <exception cref="InvalidOperationException">No loop runs on this thread.</exception>
    public EagerTaskGroup() => _loop = AsynkitLoop.Current ?? throw new InvalidOperationException(
        $"EagerTaskGroup must be created on a running AsynkitLoop (inside AsynkitLoop.Run or an [AsynkitFact] test), but no loop runs on thread {Environment.CurrentManagedThreadId}.");

    /// <summary>The token every child receives; cancelled when a child fails or <see cref="Cancel"/> is called.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>The failures of children so far, first first.</summary>
    public IReadOnlyList<Exception> Failures => _failures;

    /// <summary>Cancels every child (anyio's cancel_scope.cancel()): signals the group token and calls each running child's <see cref="LoopTask.Cancel"/>.</summary>
    public void Cancel()
    {
        if (!_cancellation.IsCancellationRequested)
        {
            // Cancel, not CancelAsync: the callbacks must run here, on the loop.
            _cancellation.Cancel();
        }

        foreach (LoopTask child in _running.ToList())
        {
            child.Cancel();
        }
    }

    /// <summary>Starts <paramref name="body"/> at once, in a new task, and returns when it first suspends (anyio's start_soon, eager).</summary>
    /// <exception cref="InvalidOperationException">The group has been disposed.</exception>
    public void StartSoon(Func<Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        StartSoon(_ => body(), name);
    }

    /// <summary>Starts <paramref name="body"/> at once, in a new task, with the group's token; returns when it first suspends.</summary>
    /// <remarks>If the child fails before its first suspension, this method throws its exception (as asynkit's EagerTaskGroup).</remarks>
    /// <exception cref="InvalidOperationException">The group has been disposed.</exception>
    public void StartSoon(Func<CancellationToken, Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ThrowIfDisposed(nameof(StartSoon));
        var child = new ChildStart();
        EagerTask task = EagerTask.Start(_loop, () => RunChild(body, child), name);
        child.Starting = false;
        Track(task);
        if (child.SynchronousFailure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Starts <paramref name="body"/> at once, in a new task, and returns a Task for the value it passes to
    /// <see cref="StartedSignal{T}.Started"/> (anyio's start, eager).</summary>
    /// <returns>Completes with the signalled value; fails with the child's exception if it fails before signalling, or with
    /// InvalidOperationException if it ends without signalling. A failure after signalling is the group's.</returns>
    /// <exception cref="InvalidOperationException">The group has been disposed.</exception>
    public Task<TStarted> Start<TStarted>(Func<StartedSignal<TStarted>, Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ThrowIfDisposed(nameof(Start));
        var signal = new StartedSignal<TStarted>(_cancellation.Token);
        EagerTask task = EagerTask.Start(_loop, () => RunStartedChild(body, signal), name);
        Track(task);
        return signal.Task;
    }

    /// <summary>Waits for every child, including ones started meanwhile; then throws the first failure, if any.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await WaitForChildren();
        if (_failures.Count > 0)
        {
            ThrowFailures();
        }
    }

    /// <summary>Runs <paramref name="body"/> with a new group, then disposes it; if the body throws, the children are cancelled
    /// first (anyio's task group exit with an exception), and the body's exception is thrown.</summary>
    public static async Task RunAsync(Func<EagerTaskGroup, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var group = new EagerTaskGroup();
        try
        {
            await body(group);
        }
        catch (Exception ex)
        {
            group.Cancel();
            await group.WaitForChildren();
            if (ex is OperationCanceledException && group._failures.Count > 0)
            {
                // The body was cancelled because a child failed: the failure is the news.
                group.ThrowFailures();
            }

            if (group._failures.Count > 0)
            {
                ex.Data[OtherFailuresKey] = group._failures.ToArray();
            }

            throw;
        }

        await group.DisposeAsync();
    }

    private async Task WaitForChildren()
    {
        _disposing = true;
        while (_live > 0)
        {
            // Shared, so that several tasks disposing (or RunAsync and a dispose) all wake when the last child ends.
            await (_allDone ??= new TaskCompletionSource()).Task;
        }

        _disposed = true;
    }

    private void ThrowFailures()
    {
        Exception first = _failures[0];
        if (_failures.Count > 1)
        {
            first.Data[OtherFailuresKey] = _failures.Skip(1).ToArray();
        }

        ExceptionDispatchInfo.Throw(first);
    }

    private void ThrowIfDisposed(string member)
    {
        if (_disposed)
        {
            throw new InvalidOperationException($"EagerTaskGroup.{member}: the group has been disposed; start children inside its await using block.");
        }

        if (_disposing && _live == 0)
        {
            throw new InvalidOperationException($"EagerTaskGroup.{member}: the group is being disposed and all its children have ended.");
        }
    }

    private void Track(EagerTask task)
    {
        if (!task.IsCompleted)
        {
            _running.Add(task);
            if (_cancellation.IsCancellationRequested)
            {
                task.Cancel();
            }
        }
    }

    private async Task RunChild(Func<CancellationToken, Task> body, ChildStart child)
    {
        _live++;
        try
        {
            await body(_cancellation.Token);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // Cancelled by the group: not a failure.
        }
        catch (Exception ex)
        {
            if (child.Starting)
            {
                child.SynchronousFailure = ex;
            }
            else
            {
                Fail(ex);
            }
        }
        finally
        {
            ChildEnded();
        }
    }

    private async Task RunStartedChild<TStarted>(Func<StartedSignal<TStarted>, Task> body, StartedSignal<TStarted> signal)
    {
        _live++;
        try
        {
            await body(signal);
            if (!signal.IsStarted)
            {
                signal.EndedWithoutSignal(new InvalidOperationException("EagerTaskGroup.Start: the child exited without calling StartedSignal.Started()."));
            }
        }
        catch (Exception ex) when (!signal.IsStarted)
        {
            // Before the signal, a failure (or cancellation) belongs to whoever awaits Start, not to the group.
            signal.EndedWithoutSignal(ex);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // Cancelled by the group: not a failure.
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
        finally
        {
            ChildEnded();
        }
    }

    private void Fail(Exception error)
    {
        _failures.Add(error);
        if (_failures.Count == 1)
        {
            Cancel();
        }
    }

    private void ChildEnded()
    {
        if (_loop.CurrentTask is { } task)
        {
            _running.Remove(task);
        }

        if (--_live == 0 && _allDone is { } allDone)
        {
            _allDone = null;
            allDone.TrySetResult();
        }
    }

    private sealed class ChildStart
    {
        public bool Starting { get; set; } = true;

        public Exception? SynchronousFailure { get; set; }
    }
}
