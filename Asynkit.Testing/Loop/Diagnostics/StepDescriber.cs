using System.Reflection;

namespace Asynkit.Testing;

/// <summary>Turns ready-queue callbacks and methods into short readable names for messages and traces.</summary>
internal static class StepDescriber
{
    /// <summary>Describes what a posted callback will run: the async method it resumes, or the delegate's method.</summary>
    internal static string DescribeCallback(SendOrPostCallback callback, object? state)
    {
        object? target = state is Delegate d ? d.Target ?? (object)d.Method : state;
        if (target is Task task && AsyncStackInspector.StateMachineOf(task) is { } machine)
        {
            return DescribeStateMachine(machine.GetType());
        }

        if (target is Action action)
        {
            return DescribeMethod(action.Method);
        }

        if (target is MethodInfo method)
        {
            return DescribeMethod(method);
        }

        if (target is not null && target is not Task)
        {
            return target.GetType().Name;
        }

        return DescribeMethod(callback.Method);
    }

    /// <summary>Where the step of <paramref name="owner"/> that runs <paramref name="callback"/>(<paramref name="state"/>) resumes:
    /// the async method and, with its PDB, the line of the await it resumes from (the same reader as
    /// <see cref="LoopTask.SuspendedAt"/>); else where the task is suspended, or what the callback runs.</summary>
    internal static SourceLocation DescribeResumption(LoopTask owner, SendOrPostCallback callback, object? state)
    {
        state = state is LoopWait { Resumes: { } resumes } ? resumes : state;
        object? target = state is Delegate d ? d.Target : state;
        if (target is Task box && AsyncStackInspector.StateMachineOf(box) is { } machine)
        {
            return new SourceLocation(DescribeStateMachine(machine.GetType()), AwaitLocator.Locate(machine));
        }

        return new SourceLocation(owner.SuspendedAt ?? DescribeCallback(callback, state), null);
    }

    /// <summary>"Type.Method" for a method, with compiler-generated names made readable.</summary>
    internal static string DescribeMethod(MethodBase method)
    {
        Type? type = method.DeclaringType;
        if (type is not null && type.Name.StartsWith('<') && type.GetInterface(nameof(System.Runtime.CompilerServices.IAsyncStateMachine)) is not null)
        {
            return DescribeStateMachine(type);
        }

        return $"{ReadableTypeName(type)}.{ReadableMemberName(method.Name)}";
    }

    /// <summary>"Type.Method" for an async state machine type such as <c>Outer+&lt;Main&gt;d__3</c>.</summary>
    internal static string DescribeStateMachine(Type stateMachine) =>
        $"{ReadableTypeName(stateMachine.DeclaringType)}.{ReadableMemberName(stateMachine.Name)}";

    private static string ReadableTypeName(Type? type)
    {
        if (type is null)
        {
            return "?";
        }

        // Closures live in display classes nested in the real type.
        while (type.DeclaringType is not null && type.Name.StartsWith('<'))
        {
            type = type.DeclaringType;
        }

        string name = type.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    /// <summary>Turns "&lt;Main&gt;d__3" into "Main" and "&lt;&lt;Test&gt;b__0&gt;d" into "Test (lambda)".</summary>
    private static string ReadableMemberName(string name)
    {
        if (!name.StartsWith('<'))
        {
            return name;
        }

        bool lambda = name.StartsWith("<<", StringComparison.Ordinal) || name.Contains(">b__", StringComparison.Ordinal) || name.Contains(">g__", StringComparison.Ordinal);
        string inner = name.TrimStart('<');
        int close = inner.IndexOf('>', StringComparison.Ordinal);
        string core = close > 0 ? inner[..close] : inner;
        if (name.Contains(">g__", StringComparison.Ordinal))
        {
            // local function: <Outer>g__Local|0_0
            int g = name.IndexOf(">g__", StringComparison.Ordinal) + 4;
            int bar = name.IndexOf('|', g);
            return bar > g ? name[g..bar] : core;
        }

        return lambda ? $"{core} (lambda)" : core;
    }
}
