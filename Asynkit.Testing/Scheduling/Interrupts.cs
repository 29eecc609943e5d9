namespace Asynkit.Testing;

/// <summary>Finds the loop-owned wait through which a task can be interrupted now, or says why there is none.</summary>
internal static class Interrupts
{
    internal const string InterruptibleAwaits =
        "Interruptible awaits are Scheduling.Sleep, Scheduling.SleepInsert, Scheduling.TaskSwitch, an await of a LoopTask itself "
        + "(await task, not await task.Task), Scheduling.Interruptible(task) "
        + "(wrap any Task in it: a LoopTask's Task, Task.WhenAll/WhenAny, a TaskCompletionSource's Task, SemaphoreSlim.WaitAsync, ...), "
        + "loop-owned primitives built on the same hook, and a task that has not started yet.";

    /// <summary>The checks every interrupt makes first: a task of this loop that is neither done, nor cancelled, nor current.</summary>
    internal static void Validate(AsynkitLoop loop, LoopTask task, string member)
    {
        if (task.IsCompleted)
        {
            throw new InvalidOperationException($"Scheduling.{member}: cannot interrupt task '{task.Name}' (#{task.Id}), which is done ({task.PromiseTask.Status}).");
        }

        if (task.IsCancellationRequested)
        {
            throw new InvalidOperationException($"Scheduling.{member}: cannot interrupt task '{task.Name}' (#{task.Id}), which is cancelled (LoopTask.Cancel was called); it is already ending with its cancellation.");
        }

        if (loop.IsCurrent(task))
        {
            throw new InvalidOperationException($"Scheduling.{member}: a task cannot interrupt itself (task '{task.Name}' (#{task.Id}) is the current task); throw the exception instead.");
        }
    }

    /// <summary>The wait to interrupt <paramref name="task"/> at (creating one for a task that has not started), or null with
    /// <paramref name="whyNot"/> saying why it cannot be interrupted now.</summary>
    internal static LoopWait? Find(AsynkitLoop loop, LoopTask task, string member, out string? whyNot)
    {
        whyNot = null;
        if (task.ReadyRefs > 0)
        {
            // Only a woken wait the task itself awaits: one inside an await the loop does not own (a Sleep inside
            // Task.WhenAny, say) would take the exception and complete that await normally, losing it.
            LoopWait? awaited = BlockedAt(task, out _);
            IReadOnlyList<ReadyItem> items = loop.ReadyItems;
            ReadyItem? first = null;
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i].Task != task)
                {
                    continue;
                }

                if (items[i].State is LoopWait wait && wait == awaited)
                {
                    return wait;
                }

                first ??= items[i];
            }

            if (task.State == LoopTaskState.New && first is not null && first.State == task)
            {
                loop.ReadyPop(IndexOf(loop, first));
                return new UnstartedWait(task);
            }

            whyNot = $"Scheduling.{member}: task '{task.Name}' (#{task.Id}) is runnable after an await the loop does not own completed (its next step is {first}), "
                + $"for instance await Task.Yield() or a plain await of a Task; it cannot be interrupted until it blocks at an interruptible await. {InterruptibleAwaits}";
            return null;
        }

        LoopWait? blockedAt = BlockedAt(task, out Task? leaf);
        if (blockedAt is not null)
        {
            return blockedAt;
        }

        whyNot = $"Scheduling.{member}: task '{task.Name}' (#{task.Id}) is blocked at {task.SuspendedAt ?? "an await that cannot be located"}{DescribeLeaf(loop, leaf)}, "
            + $"an await the loop does not own, so it cannot be interrupted there. {InterruptibleAwaits}";
        return null;
    }

    /// <summary>The loop-owned wait a blocked task awaits: the innermost Task of its async stack, when that is one of its waits.</summary>
    private static LoopWait? BlockedAt(LoopTask task, out Task? leaf)
    {
        leaf = null;
        List<LoopWait>? waits = task.Waits;
        Task? current = task.Inner;
        for (int depth = 0; depth < 64 && current is not null; depth++)
        {
            if (waits is not null)
            {
                foreach (LoopWait wait in waits)
                {
                    if (wait.Task == current)
                    {
                        return wait;
                    }
                }
            }

            leaf = current;
            if (current.IsCompleted || AsyncStackInspector.StateMachineOf(current) is not { } machine)
            {
                break;
            }

            current = AsyncStackInspector.AwaitedTask(machine);
        }

        return null;
    }

    private static string DescribeLeaf(AsynkitLoop loop, Task? leaf)
    {
        if (leaf is null || AsyncStackInspector.StateMachineOf(leaf) is not null)
        {
            return "";
        }

        foreach (LoopTask other in loop.AllTasks)
        {
            if (other.PromiseTask == leaf)
            {
                return $" (a plain await of the Task of task '{other.Name}' (#{other.Id}), or an await of it made outside the task's own context; "
                    + $"from a loop task await the LoopTask itself, or Scheduling.Interruptible({other.Name}.Task), instead)";
            }
        }

        return $" (awaiting a {leaf.GetType().Name} the loop does not own)";
    }

    private static int IndexOf(AsynkitLoop loop, ReadyItem item)
    {
        IReadOnlyList<ReadyItem> items = loop.ReadyItems;
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] == item)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The queue index of the wake step of <paramref name="wait"/>, or -1.</summary>
    internal static int IndexOfWake(AsynkitLoop loop, LoopWait wait)
    {
        IReadOnlyList<ReadyItem> items = loop.ReadyItems;
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].State == wait)
            {
                return i;
            }
        }

        return -1;
    }
}
