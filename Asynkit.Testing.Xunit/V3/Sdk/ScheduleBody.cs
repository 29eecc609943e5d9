using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Asynkit.Testing.Exploration;
using Xunit;
using Xunit.v3;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>One schedule of an xunit v3 test, run as the loop's main task: a new test class instance,
/// IAsyncLifetime.InitializeAsync, the before/after attributes, the method, DisposeAsync and Dispose, in xunit's order.</summary>
internal sealed class ScheduleBody(IXunitTest test, object?[] constructorArguments, RunWatch watch)
{
    private readonly MethodInfo _method = test.TestMethod.Method;
    private readonly Type _class = test.TestMethod.TestClass.Class;
    private readonly object?[] _arguments = TestMethodCall.ArgumentsFor(test.TestMethod.Method, test.TestMethodArguments);

    /// <summary>Runs the test once; the explorer calls it as the main task of each schedule's loop.</summary>
    public async Task RunAsync()
    {
        watch.Start();
        var errors = new List<Exception>();
        object? instance = null;
        if (!_method.IsStatic)
        {
            try
            {
                instance = Activator.CreateInstance(_class, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DoNotWrapExceptions, null, constructorArguments, CultureInfo.InvariantCulture);
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        }

        if (errors.Count == 0)
        {
            await RunInstanceAsync(instance, errors);
            await DisposeAsync(instance, errors);
        }

        if (errors.Count == 1)
        {
            ExceptionDispatchInfo.Throw(errors[0]);
        }

        if (errors.Count > 1)
        {
            throw new AggregateException(errors);
        }
    }

    private async Task RunInstanceAsync(object? instance, List<Exception> errors)
    {
        if (instance is IAsyncLifetime lifetime && !await Try(() => lifetime.InitializeAsync().AsTask(), errors))
        {
            return; // as in xunit: a failed InitializeAsync skips the method
        }

        var ran = new Stack<IBeforeAfterTestAttribute>();
        foreach (IBeforeAfterTestAttribute attribute in test.TestMethod.BeforeAfterTestAttributes)
        {
            if (!await Try(() => Run(() => attribute.Before(_method, test)), errors))
            {
                break;
            }

            ran.Push(attribute);
        }

        if (errors.Count == 0)
        {
            await Try(() => TestMethodCall.InvokeAsync(_method, instance, _arguments), errors);
        }

        foreach (IBeforeAfterTestAttribute attribute in ran)
        {
            await Try(() => Run(() => attribute.After(_method, test)), errors);
        }
    }

    private static async Task DisposeAsync(object? instance, List<Exception> errors)
    {
        if (instance is IAsyncDisposable asyncDisposable)
        {
            await Try(() => asyncDisposable.DisposeAsync().AsTask(), errors);
        }

        if (instance is IDisposable disposable)
        {
            await Try(() => Run(disposable.Dispose), errors);
        }
    }

    private static async Task<bool> Try(Func<Task> step, List<Exception> errors)
    {
        try
        {
            await step();
            return true;
        }
        catch (Exception ex)
        {
            errors.Add(ex);
            return false;
        }
    }

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }
}
