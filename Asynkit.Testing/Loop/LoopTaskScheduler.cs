namespace Asynkit.Testing;

/// <summary>A TaskScheduler with concurrency 1 that queues work on the loop, owned by the task current when it was queued.</summary>
/// <remarks>While the loop runs, <see cref="TaskScheduler.Current"/> is this scheduler, so <c>Task.Factory.StartNew</c> and
/// <c>ContinueWith</c> without an explicit scheduler stay on the loop. It runs one task at a time, but reports the machine's
/// processor count as its concurrency, as the default scheduler would: Parallel.ForEachAsync and other code that sizes its
/// concurrency from the scheduler then start as many workers as in production, and the loop interleaves them.</remarks>
internal sealed class LoopTaskScheduler : TaskScheduler
{
    private readonly AsynkitLoop _loop;
    private readonly SendOrPostCallback _execute;

    internal LoopTaskScheduler(AsynkitLoop loop)
    {
        _loop = loop;
        _execute = state => TryExecuteTask((Task)state!);
    }

    public override int MaximumConcurrencyLevel => Environment.ProcessorCount;

    /// <summary>Runs the loop's dispatch inside a task of this scheduler, so TaskScheduler.Current is this scheduler throughout.</summary>
    internal void ExecuteDriver(Task driver) => driver.RunSynchronously(this);

    protected override void QueueTask(Task task) => _loop.Post(_execute, task, _loop.CurrentTask);

    // Inline only on the loop (its thread, or one of its thread-pool turns) while it runs. A task already queued is taken out of the
    // ready queue first (Task.Wait on a queued task, Parallel.For waiting for its workers), so it cannot also run later.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _loop.IsLoopThread && _loop.IsRunning && (!taskWasPreviouslyQueued || _loop.TryDequeueScheduled(_execute, task)) && TryExecuteTask(task);

    protected override bool TryDequeue(Task task) => _loop.IsLoopThread && _loop.IsRunning && _loop.TryDequeueScheduled(_execute, task);

    protected override IEnumerable<Task> GetScheduledTasks() => _loop.ScheduledTasksOf(_execute);
}
