namespace Asynkit.Testing;

/// <summary>The context <see cref="Coro.AwaitSync{T}(Func{Task{T}})"/> runs a coroutine in: continuations posted to it are run
/// synchronously by the driver (null sleeps such as <c>await Task.Yield()</c>); after an abort they are dropped.</summary>
internal sealed class SyncDriveContext : SynchronizationContext
{
    /// <summary>How many posted continuations one drive runs before it counts the coroutine as suspended (a Yield loop).</summary>
    internal const int MaxNullSleeps = 100_000;

    private readonly Lock _gate = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();
    private bool _abandoned;

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_gate)
        {
            if (!_abandoned)
            {
                _posted.Enqueue((d, state));
            }
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    public override string ToString() => "Coro.AwaitSync (driving a coroutine synchronously)";

    /// <summary>Starts <paramref name="start"/> with this context current, then runs its posted continuations until its Task
    /// completes or nothing is left to run; a throwing <paramref name="start"/> gives a Task faulted by <paramref name="fault"/>.</summary>
    internal Task Start(Func<Task> start, Func<Exception, Task> fault)
    {
        SynchronizationContext? previous = Current;
        SetSynchronizationContext(this);
        try
        {
            Task task;
            try
            {
                task = start() ?? fault(new InvalidOperationException("Coro.AwaitSync: the coroutine returned a null Task."));
            }
            catch (Exception ex)
            {
                task = fault(ex);
            }

            RunPosted(task);
            return task;
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    /// <summary>Runs what has been posted (after an abort request) until <paramref name="task"/> completes or nothing is left.</summary>
    internal void Continue(Task task)
    {
        SynchronizationContext? previous = Current;
        SetSynchronizationContext(this);
        try
        {
            RunPosted(task);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    /// <summary>Abandons the coroutine: whatever is posted from now on is dropped, so it never resumes.</summary>
    internal void Abandon()
    {
        lock (_gate)
        {
            _abandoned = true;
            _posted.Clear();
        }
    }

    private void RunPosted(Task task)
    {
        for (int i = 0; i < MaxNullSleeps && !task.IsCompleted && TryTake(out SendOrPostCallback callback, out object? state); i++)
        {
            callback(state);
        }
    }

    private bool TryTake(out SendOrPostCallback callback, out object? state)
    {
        lock (_gate)
        {
            if (_posted.TryDequeue(out (SendOrPostCallback Callback, object? State) item))
            {
                (callback, state) = item;
                return true;
            }
        }

        callback = null!;
        state = null;
        return false;
    }
}
