namespace Asynkit.Testing;

/// <summary>Per-task state of a feature above the loop, kept in <see cref="LoopTask.Extensions"/>, that takes part in the task's
/// effective priority (Scheduling's priority inheritance is one).</summary>
/// <remarks>The loop computes <see cref="LoopTask.EffectivePriority"/> as the best (lowest) of <see cref="LoopTask.Priority"/> and
/// every extension's <see cref="LentPriority"/>, whenever the priority changes or a feature calls
/// <see cref="LoopTask.UpdateEffectivePriority"/>; when it changes, the loop re-queues the task's ready items and then calls
/// <see cref="OnEffectivePriorityChanged"/>.</remarks>
internal abstract class TaskExtension
{
    /// <summary>A priority the feature lends the task (a lock it holds that better tasks wait for), or null.</summary>
    internal virtual int? LentPriority => null;

    /// <summary>The task's effective priority changed; <paramref name="depth"/> counts how far the change has been passed on.</summary>
    internal virtual void OnEffectivePriorityChanged(LoopTask task, int depth)
    {
    }
}
