using System.Runtime.CompilerServices;
using Asynkit.Testing.Exploration;
using Xunit.Abstractions;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>What makes an Asynkit test method unrunnable, found at discovery so that it shows up as a failing test.</summary>
internal static class DiscoveryErrors
{
    public static string? Find(ITestMethod testMethod, TestSettings settings, string attributeName)
    {
        if (settings.Validate(attributeName) is { } invalid)
        {
            return invalid;
        }

        IMethodInfo method = testMethod.Method;
        if (method.ReturnType.Name == "System.Void" && method.GetCustomAttributes(typeof(AsyncStateMachineAttribute).AssemblyQualifiedName).Any())
        {
            return $"[{attributeName}] methods cannot be async void: nothing can await them. Return Task (or ValueTask) instead.";
        }

        return null;
    }
}
