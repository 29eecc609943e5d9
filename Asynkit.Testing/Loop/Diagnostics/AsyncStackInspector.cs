using System.Reflection;
using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>Reads the async "stack" of a suspended task: the chain of async methods it waits in, where each waits, and on what.</summary>
/// <remarks>The chain is followed from an async method's Task through the Task its current awaiter holds, as long as that Task is
/// an unfinished async method's (at most 64 levels). It does not descend through awaits that hold no Task (a ValueTask's
/// IValueTaskSource, an async iterator's MoveNextAsync): their <see cref="AsyncFrame.Awaiter"/> is the last frame's.</remarks>
internal static class AsyncStackInspector
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const int MaxDepth = 64;

    /// <summary>The state machine inside an async method's task (its AsyncStateMachineBox), or null.</summary>
    internal static IAsyncStateMachine? StateMachineOf(Task task) =>
        task.GetType().GetField("StateMachine", InstanceFields)?.GetValue(task) as IAsyncStateMachine;

    /// <summary>The suspended async methods behind <paramref name="task"/>, outermost first (empty when it is not an unfinished
    /// async method's Task).</summary>
    internal static IEnumerable<AsyncFrame> Frames(Task task)
    {
        Task? current = task;
        for (int depth = 0; depth < MaxDepth && current is not null && !current.IsCompleted; depth++)
        {
            if (StateMachineOf(current) is not { } machine)
            {
                yield break;
            }

            Task? awaited = AwaitedTask(machine, out object? awaiter);
            yield return new AsyncFrame(current, machine, awaiter, awaited);
            current = awaited;
        }
    }

    /// <summary>Where the async method behind <paramref name="task"/> is suspended: the innermost frame, as
    /// "Type.Method (File.cs:line)" when the PDB is present, else "Type.Method"; null when it is not suspended in one.</summary>
    internal static string? DescribeSuspension(Task task)
    {
        AsyncFrame? innermost = null;
        foreach (AsyncFrame frame in Frames(task))
        {
            innermost = frame;
        }

        return innermost?.ToString();
    }

    /// <summary>True when the async method behind <paramref name="task"/> is executing right now (its state machine is in MoveNext).</summary>
    internal static bool IsRunning(Task task) =>
        !task.IsCompleted && StateMachineOf(task) is { } machine && AwaitLocator.StateOf(machine) == -1;

    /// <summary>The task a state machine is currently awaiting, when its awaiter holds one.</summary>
    internal static Task? AwaitedTask(IAsyncStateMachine machine) => AwaitedTask(machine, out _);

    /// <summary>The task the current awaiter of <paramref name="machine"/> holds, and that awaiter (the first one that holds a
    /// Task, else the first one that is not default: the compiler clears an awaiter field when its await resumes).</summary>
    private static Task? AwaitedTask(IAsyncStateMachine machine, out object? awaiter)
    {
        awaiter = null;
        foreach (FieldInfo field in machine.GetType().GetFields(InstanceFields))
        {
            if (!field.Name.StartsWith("<>u__", StringComparison.Ordinal) || field.GetValue(machine) is not { } value)
            {
                continue;
            }

            if (TaskInside(value) is { } awaited)
            {
                awaiter = value;
                return awaited;
            }

            if (awaiter is null && !IsDefault(value))
            {
                awaiter = value;
            }
        }

        return null;
    }

    private static bool IsDefault(object value) =>
        value.GetType() is { IsValueType: true } type && value.Equals(RuntimeHelpers.GetUninitializedObject(type));

    private static Task? TaskInside(object awaiter)
    {
        for (int depth = 0; depth < 3; depth++)
        {
            FieldInfo? field = awaiter.GetType().GetField("m_task", InstanceFields)
                ?? awaiter.GetType().GetField("_task", InstanceFields)
                ?? awaiter.GetType().GetField("m_awaiter", InstanceFields)
                ?? awaiter.GetType().GetField("_value", InstanceFields);
            object? value = field?.GetValue(awaiter);
            if (value is Task task)
            {
                return task;
            }

            if (value is null)
            {
                return null;
            }

            awaiter = value;
        }

        return null;
    }
}
