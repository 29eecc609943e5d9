using System.Globalization;
using System.Reflection;

namespace Asynkit.Testing.Exploration;

/// <summary>Calls a test method by reflection, on the loop, and awaits what it returns: the part of running a test that every
/// test-framework adapter shares.</summary>
internal static class TestMethodCall
{
    /// <summary>The arguments to pass: an empty params array when the method takes one and none were given.</summary>
    public static object?[] ArgumentsFor(MethodInfo method, object?[] arguments)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(arguments);
        ParameterInfo[] parameters = method.GetParameters();
        if (arguments.Length == 0 && parameters.Length == 1 && parameters[0].GetCustomAttribute<ParamArrayAttribute>() is not null)
        {
            return [Array.CreateInstance(parameters[0].ParameterType.GetElementType()!, 0)];
        }

        return arguments;
    }

    /// <summary>Invokes <paramref name="method"/> on <paramref name="instance"/> (a copy of the arguments per call: Invoke writes
    /// ref and out arguments back) and awaits its Task, ValueTask or ValueTask&lt;T&gt;; <paramref name="convert"/> turns any
    /// other awaitable result into a Task (F# async in xunit v2), or returns null.</summary>
    public static async Task InvokeAsync(MethodInfo method, object? instance, object?[] arguments, Func<object, Task?>? convert = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(arguments);
        int expected = method.GetParameters().Length;
        if (expected != arguments.Length)
        {
            throw new InvalidOperationException($"The test method expected {expected} parameter value{(expected == 1 ? "" : "s")}, but {arguments.Length} {(arguments.Length == 1 ? "was" : "were")} provided.");
        }

        object? result = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, (object?[])arguments.Clone(), CultureInfo.InvariantCulture);
        switch (result)
        {
            case null:
                return;
            case Task task:
                if (task.Status == TaskStatus.Created)
                {
                    throw new InvalidOperationException("The test method returned a Task that was never started: return a started (for example async) Task.");
                }

                await task;
                return;
            case ValueTask valueTask:
                await valueTask;
                return;
        }

        Type type = result.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            await (Task)type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(result, null)!;
            return;
        }

        if (convert?.Invoke(result) is { } converted)
        {
            await converted;
        }
    }
}
