namespace Asynkit.Testing;

/// <summary>The loop-owned wait of Sleep(0), SleepInsert and TaskSwitch: the task's wake is queued right after its step, at a
/// position of the queue (null: at the end), and an interrupt can replace it while it is queued.</summary>
internal sealed class AfterStepWait : LoopWait
{
    private readonly TaskCompletionSource _promise = new();

    private AfterStepWait(LoopTask owner)
        : base(owner)
    {
    }

    internal override Task Task => _promise.Task;

    /// <summary>Starts the wait in <paramref name="owner"/>'s step and returns the Task to await.</summary>
    internal static Task Start(AsynkitLoop loop, LoopTask owner, int? position)
    {
        var wait = new AfterStepWait(owner);
        if (wait.Begin())
        {
            // The loop completes the trigger after the step with the post position redirected; the continuation runs inline
            // there (ExecuteSynchronously on the loop's scheduler) and posts the wake, which so lands at that position.
            var trigger = new TaskCompletionSource();
            trigger.Task.ContinueWith(static (_, state) => ((AfterStepWait)state!).Wake(), wait, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, loop.TaskScheduler);
            loop.CompleteAfterStep(trigger, position);
        }

        return wait.Task;
    }

    protected override void Complete() => _promise.TrySetResult();

    protected override void Fail(Exception exception) => _promise.TrySetException(exception);
}
