namespace Asynkit.Testing;

/// <summary>A TaskScheduler with concurrency 1 that queues work on the loop, owned by the task current when it was queued.</summary>
/// <remarks>While the loop runs, <see cref="TaskScheduler.Current"/> is this scheduler, so <c>Task.Factory.StartNew</c> and
/// <c>ContinueWith</c> without an explicit scheduler stay on the loop.</remarks>
internal sealed class LoopTaskScheduler : TaskScheduler
{
    private readonly AsynkitLoop _loop;
    private readonly SendOrPostCallback _execute;

    internal LoopTaskScheduler(AsynkitLoop loop)
    {
        _loop = loop;
        _execute = state => TryExecuteTask((Task)state!);
    }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Runs the loop's dispatch inside a task of this scheduler, so TaskScheduler.Current is this scheduler throughout.</summary>
    internal void ExecuteDriver(Task driver) => driver.RunSynchronously(this);

    protected override void QueueTask(Task task) => _loop.Post(_execute, task, _loop.CurrentTask);

    // Inline only on the loop thread while a step runs (as AsyncEx's AsyncContext does).
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        !taskWasPreviouslyQueued && _loop.IsLoopThread && _loop.IsRunning && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _loop.ScheduledTasksOf(_execute);
}
