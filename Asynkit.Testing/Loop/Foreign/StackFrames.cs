using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Asynkit.Testing;

/// <summary>Reads stack traces for messages: which frames are the user's code, and which library call led to them.</summary>
internal static class StackFrames
{
    private static readonly string[] s_libraries = ["System", "Microsoft", "Polly", "Nito", "Xunit", "NUnit", "Castle", "Shouldly", "FluentAssertions"];

    /// <summary>True for frames of the runtime, well-known libraries and Asynkit.Testing itself (but not its tests or examples).</summary>
    internal static bool IsInfrastructure(MethodBase method)
    {
        string ns = method.DeclaringType?.Namespace ?? string.Empty;
        foreach (string library in s_libraries)
        {
            if (ns.StartsWith(library, StringComparison.Ordinal) && (ns.Length == library.Length || ns[library.Length] == '.'))
            {
                return true;
            }
        }

        return ns.StartsWith("Asynkit.Testing", StringComparison.Ordinal)
            && !ns.StartsWith("Asynkit.Testing.Tests", StringComparison.Ordinal)
            && !ns.StartsWith("Asynkit.Testing.Examples", StringComparison.Ordinal);
    }

    /// <summary>Up to <paramref name="max"/> frames of user code, innermost first, one "    at Type.Method in File.cs:line" line each.</summary>
    internal static string UserFrames(StackTrace trace, int max = 5)
    {
        var text = new StringBuilder();
        int shown = 0;
        foreach (StackFrame frame in trace.GetFrames())
        {
            if (frame.GetMethod() is not { } method || IsInfrastructure(method))
            {
                continue;
            }

            text.Append("    at ").AppendLine(Describe(frame));
            if (++shown == max)
            {
                break;
            }
        }

        return text.ToString();
    }

    /// <summary>The innermost frame of user code, as "Type.Method (File.cs:line)", or null.</summary>
    internal static string? FirstUserFrame(StackTrace trace)
    {
        foreach (StackFrame frame in trace.GetFrames())
        {
            if (frame.GetMethod() is { } method && !IsInfrastructure(method))
            {
                return Describe(frame);
            }
        }

        return null;
    }

    /// <summary>The outermost library frame called by user code (the API the user's code called), as "Type.Method", or null.</summary>
    internal static string? LibraryCall(StackTrace trace)
    {
        MethodBase? call = null;
        foreach (StackFrame frame in trace.GetFrames())
        {
            if (frame.GetMethod() is not { } method)
            {
                continue;
            }

            if (!IsInfrastructure(method))
            {
                break;
            }

            if (method.DeclaringType?.Namespace?.StartsWith("Asynkit.Testing", StringComparison.Ordinal) != true)
            {
                call = method;
            }
        }

        return call is null ? null : StepDescriber.DescribeMethod(call);
    }

    /// <summary>True when a frame of the library call the user's code made (the frames inside the first user frame) has its
    /// declaring type in namespace <paramref name="ns"/> (or below it).</summary>
    internal static bool Contains(StackTrace trace, string ns)
    {
        foreach (MethodBase method in LibraryPrefix(trace))
        {
            if (method.DeclaringType?.Namespace is { } frameNs && frameNs.StartsWith(ns, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a frame of the library call the user's code made is <paramref name="typeName"/> (or a type nested in it,
    /// such as its async methods' state machines), and, when given, its method is <paramref name="methodName"/>.</summary>
    internal static bool Calls(StackTrace trace, string typeName, string? methodName = null)
    {
        foreach (MethodBase method in LibraryPrefix(trace))
        {
            if (method.DeclaringType is { } type
                && (type.FullName ?? type.Name).StartsWith(typeName, StringComparison.Ordinal)
                && (methodName is null || method.Name == methodName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The frames from the innermost one out to (not including) the first frame of user code: the library call.</summary>
    private static IEnumerable<MethodBase> LibraryPrefix(StackTrace trace)
    {
        foreach (StackFrame frame in trace.GetFrames())
        {
            if (frame.GetMethod() is not { } method)
            {
                continue;
            }

            if (!IsInfrastructure(method))
            {
                yield break;
            }

            yield return method;
        }
    }

    private static string Describe(StackFrame frame)
    {
        string method = StepDescriber.DescribeMethod(frame.GetMethod()!);
        return frame.GetFileName() is { } file ? $"{method} in {Path.GetFileName(file)}:{frame.GetFileLineNumber()}" : method;
    }
}
