using System.Reflection;
using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>Reads the async "stack" of a suspended task: which async method it waits in, and on what.</summary>
internal static class AsyncStackInspector
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>The state machine inside an async method's task (its AsyncStateMachineBox), or null.</summary>
    internal static IAsyncStateMachine? StateMachineOf(Task task) =>
        task.GetType().GetField("StateMachine", InstanceFields)?.GetValue(task) as IAsyncStateMachine;

    /// <summary>Where the async method behind <paramref name="task"/> is suspended: the innermost awaiting method, as
    /// "Type.Method (File.cs:line)" when the PDB is present, else "Type.Method".</summary>
    internal static string? DescribeSuspension(Task task)
    {
        IAsyncStateMachine? innermost = null;
        Task? current = task;
        for (int depth = 0; depth < 64 && current is not null && !current.IsCompleted; depth++)
        {
            IAsyncStateMachine? machine = StateMachineOf(current);
            if (machine is null)
            {
                break;
            }

            innermost = machine;
            current = AwaitedTask(machine);
        }

        if (innermost is null)
        {
            return null;
        }

        string method = StepDescriber.DescribeStateMachine(innermost.GetType());
        return AwaitLocator.Locate(innermost) is { } location ? $"{method} ({location})" : method;
    }

    /// <summary>True when the async method behind <paramref name="task"/> is executing right now (its state machine is in MoveNext).</summary>
    internal static bool IsRunning(Task task) =>
        !task.IsCompleted && StateMachineOf(task) is { } machine && AwaitLocator.StateOf(machine) == -1;

    /// <summary>The task a state machine is currently awaiting, when its awaiter holds one.</summary>
    internal static Task? AwaitedTask(IAsyncStateMachine machine)
    {
        foreach (FieldInfo field in machine.GetType().GetFields(InstanceFields))
        {
            if (!field.Name.StartsWith("<>u__", StringComparison.Ordinal))
            {
                continue;
            }

            object? awaiter = field.GetValue(machine);
            if (awaiter is null)
            {
                continue;
            }

            if (TaskInside(awaiter) is { } awaited)
            {
                return awaited;
            }
        }

        return null;
    }

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
