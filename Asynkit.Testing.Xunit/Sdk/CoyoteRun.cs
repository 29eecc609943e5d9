using System.Globalization;
using System.Reflection;
using Asynkit.Testing.Exploration;
using Xunit;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Runs a test with <c>Strategy = StrategyKind.Coyote</c> through the Asynkit.Testing.Coyote package's entry (found by
/// name, so that this package does not depend on Coyote): in loop mode
/// (the whole xunit lifecycle inside the loop, as for the other strategies), or with <c>CoyoteRewritten = true</c> directly
/// under Coyote's engine. Coyote's log goes to the test's output.</summary>
internal static class CoyoteRun
{
    public static ExplorationResult Explore(TestSettings settings, ExplorationOptions options, TestBody body, Type testClass, MethodInfo testMethod,
        object[] testMethodArguments, OutputCapture capture, Action<string> writeLine)
    {
        using var log = new LineWriter(writeLine);
        ICoyoteEntry coyote = ExplorationDrivers.CoyoteEntry();
        options = options with { Strategy = StrategyKind.Coyote };
        if (!settings.CoyoteRewritten)
        {
            return coyote.Explore(body.RunAsync, options, log);
        }

        if (!testMethod.IsStatic && (typeof(IAsyncLifetime).IsAssignableFrom(testClass) || typeof(IDisposable).IsAssignableFrom(testClass)))
        {
            throw new InvalidOperationException($"{testClass.Name} implements {(typeof(IAsyncLifetime).IsAssignableFrom(testClass) ? "IAsyncLifetime" : "IDisposable")}, which CoyoteRewritten tests do not run: Coyote runs the method itself, one new instance per iteration, and nothing awaits after it. Move the set-up and clean-up into the method.");
        }

        // No await here: this assembly is not rewritten, so the task the method returns is handed to Coyote as it is.
        Task Invoke()
        {
            object? instance = testMethod.IsStatic ? null : Activator.CreateInstance(testClass, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DoNotWrapExceptions, null, capture.ArgumentsForNextRun(), CultureInfo.InvariantCulture);
            object? result = testMethod.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, (object?[])testMethodArguments.Clone(), CultureInfo.InvariantCulture);
            return result switch
            {
                Task task => task,
                ValueTask valueTask => valueTask.AsTask(),
                _ => Task.CompletedTask,
            };
        }

        return coyote.ExploreRewritten(Invoke, testMethod.Module.Assembly, options, log);
    }
}
