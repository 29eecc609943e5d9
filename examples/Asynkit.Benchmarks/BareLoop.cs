namespace Asynkit.Benchmarks;

/// <summary>The baseline: one SynchronizationContext, a plain queue, no bookkeeping. What any single-threaded loop must pay.</summary>
internal sealed class BareLoop : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

    public long Steps { get; private set; }

    public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="main"/> and every posted continuation until main completes.</summary>
    public void Run(Func<Task> main)
    {
        SynchronizationContext? previous = Current;
        SetSynchronizationContext(this);
        try
        {
            Task task = main();
            while (!task.IsCompleted)
            {
                (SendOrPostCallback callback, object? state) = _queue.Dequeue();
                Steps++;
                callback(state);
            }

            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
