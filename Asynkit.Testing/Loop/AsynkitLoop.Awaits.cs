using System.Reflection;
using System.Text;

namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>Reads what each blocked task awaits, at the end of its await chain: a Task.Delay on the real clock, or a task that
    /// runs on a thread the loop does not own, can still make progress without the loop; null when no blocked task waits on such a
    /// thing.</summary>
    private string? DescribeUncontrolledAwaits()
    {
        StringBuilder? text = null;
        foreach (LoopTask task in SortedById(_liveTasks))
        {
            if (task.State != LoopTaskState.Suspended || task.ReadyRefs > 0 || task.Inner is not { } inner)
            {
                continue;
            }

            if (InnermostAwaited(inner) is { } awaited && !IsControlledWork(awaited) && DescribeUncontrolled(awaited) is { } what)
            {
                text ??= new StringBuilder("Uncontrolled concurrency: the loop has nothing to run, but a blocked task waits for something outside its control:" + Environment.NewLine);
                text.Append("  task '").Append(task.Name).Append("' (#").Append(task.Id).Append(") at ").Append(task.SuspendedAt ?? "an unknown await").Append(" awaits ").AppendLine(what.What);
                text.Append("    fix: ").AppendLine(what.Fix);
            }
        }

        return text?.ToString();
    }

    /// <summary>True when <paramref name="task"/> is thread-pool work of this run (a Task.Run body the loop gives turns to, perhaps
    /// parked in a synchronous wait): what it waits for is the loop's to decide, not something outside it.</summary>
    private bool IsControlledWork(Task task)
    {
        long id = System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(task);
        lock (_foreignLock)
        {
            if (_foreignItems is null)
            {
                return false;
            }

            foreach (ForeignItem item in _foreignItems)
            {
                if (item.Id == id && item.State is not (ForeignItemState.Ended or ForeignItemState.Abandoned))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>For a trace of a deadlock: what <paramref name="task"/> awaits, when its await chain shows it (another task of the
    /// loop, a Task.Delay, a SemaphoreSlim, or a task nothing completes: a TaskCompletionSource's), and where it waits.</summary>
    private string DescribeWait(LoopTask task)
    {
        string at = task.SuspendedAt ?? "an unknown await";
        if (task.Inner is not { } inner || InnermostAwaited(inner) is not { } awaited)
        {
            return "blocked at " + at;
        }

        foreach (LoopTask other in _liveTasks)
        {
            if (other != task && (other.PromiseTask == awaited || other.Inner == awaited))
            {
                return $"awaits task '{other.Name}' (#{other.Id}), at {at}";
            }
        }

        string typeName = awaited.GetType().Name;
        string what = typeName.StartsWith("DelayPromise", StringComparison.Ordinal) ? "a Task.Delay"
            : typeName == "TaskNode" ? "SemaphoreSlim.WaitAsync"
            : awaited.GetType() == typeof(Task) || (awaited.GetType().IsGenericType && awaited.GetType().GetGenericTypeDefinition() == typeof(Task<>))
                ? "a task that nothing completed"
                : $"a {typeName}";
        return $"awaits {what}, at {at}";
    }

    /// <summary>The task at the end of the await chain that starts at <paramref name="task"/> (the first one that is not an async method).</summary>
    private static Task? InnermostAwaited(Task task)
    {
        Task? current = task;
        for (int depth = 0; depth < 64 && current is not null && !current.IsCompleted; depth++)
        {
            if (AsyncStackInspector.StateMachineOf(current) is not { } machine)
            {
                return current;
            }

            current = AsyncStackInspector.AwaitedTask(machine);
        }

        return null;
    }

    private static (string What, string Fix)? DescribeUncontrolled(Task awaited)
    {
        string typeName = awaited.GetType().Name;
        if (typeName.StartsWith("DelayPromise", StringComparison.Ordinal))
        {
            object? timer = awaited.GetType().GetField("_timer", InstanceFields)?.GetValue(awaited)
                ?? awaited.GetType().BaseType?.GetField("_timer", InstanceFields)?.GetValue(awaited);
            if (timer is not null and not VirtualTimer)
            {
                return ("Task.Delay on the real clock", "pass the loop's clock: Task.Delay(delay, loop.Clock), or use Scheduling.Sleep(delay)");
            }

            return null;
        }

        if (awaited.GetType().GetField("m_action", InstanceFields)?.GetValue(awaited) is Delegate action
            && awaited.GetType().GetField("m_taskScheduler", InstanceFields)?.GetValue(awaited) is not LoopTaskScheduler)
        {
            bool longRunning = (awaited.CreationOptions & TaskCreationOptions.LongRunning) != 0;
            string method = StepDescriber.DescribeMethod(action.Method);
            return longRunning
                ? ($"{method}, started with TaskCreationOptions.LongRunning on a thread of its own", "drop TaskCreationOptions.LongRunning (Task.Run and plain Task.Factory.StartNew work is controlled), or start the work with loop.CreateTask")
                : ($"{method}, running on a thread the loop does not control", "start the work from the loop's code (Task.Run inside a loop task is controlled), or with loop.CreateTask");
        }

        return null;
    }

    /// <summary>One line per parked thread-pool turn: what it is and where it waits.</summary>
    private void DescribeParked(StringBuilder text)
    {
        if (_parked is not { Count: > 0 } parked)
        {
            return;
        }

        foreach (ForeignItem item in parked)
        {
            text.AppendLine().Append("  ").Append(item.Describe()).Append(" of ").Append(DescribeOwner(item.Owner)).Append(" on thread ")
                .Append(item.Thread?.ManagedThreadId).Append(": blocked in a synchronous wait at ")
                .Append(item.ParkedAt is { } at ? StackFrames.FirstUserFrame(at) ?? StackFrames.LibraryCall(at) ?? "library code" : "an unknown frame");
        }
    }
}
