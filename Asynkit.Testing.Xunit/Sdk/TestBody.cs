using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Asynkit.Testing.Exploration;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>One schedule of a test, run as the loop's main task: a new test class instance, IAsyncLifetime.InitializeAsync, the
/// BeforeAfterTest attributes, the method, DisposeAsync and Dispose, all inside the loop, in xunit's order.</summary>
/// <remarks>xunit's lifecycle messages (class construction, before/after, dispose) are sent for the first run only: runners see
/// one test with one instance, however many schedules ran.</remarks>
internal sealed class TestBody
{
    private readonly ITest _test;
    private readonly IMessageBus _messageBus;
    private readonly Type _testClass;
    private readonly MethodInfo _testMethod;
    private readonly object?[] _testMethodArguments;
    private readonly IReadOnlyList<BeforeAfterTestAttribute> _beforeAfterAttributes;
    private readonly CancellationTokenSource _cancellationTokenSource;
    private readonly OutputCapture _output;
    private readonly RunWatch _watch;

    public TestBody(ITest test, IMessageBus messageBus, Type testClass, MethodInfo testMethod, object?[]? testMethodArguments, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, CancellationTokenSource cancellationTokenSource, OutputCapture output, RunWatch watch)
    {
        _watch = watch;
        _test = test;
        _messageBus = messageBus;
        _testClass = testClass;
        _testMethod = testMethod;
        _testMethodArguments = TestMethodCall.ArgumentsFor(testMethod, testMethodArguments ?? []);
        _beforeAfterAttributes = beforeAfterAttributes;
        _cancellationTokenSource = cancellationTokenSource;
        _output = output;
    }

    /// <summary>Runs the test once; called by the explorer as the main task of each schedule's loop.</summary>
    public async Task RunAsync()
    {
        IMessageBus? messages = _watch.Start() == 1 ? _messageBus : null;
        object[] constructorArguments = _output.ArgumentsForNextRun();
        var errors = new List<Exception>();
        object? instance = null;
        if (!_testMethod.IsStatic)
        {
            Send(messages, new TestClassConstructionStarting(_test));
            try
            {
                instance = Activator.CreateInstance(_testClass, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DoNotWrapExceptions, null, constructorArguments, CultureInfo.InvariantCulture);
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
            finally
            {
                Send(messages, new TestClassConstructionFinished(_test));
            }
        }

        if (errors.Count == 0)
        {
            await RunInstanceAsync(instance, messages, errors);
        }

        if (instance is IDisposable disposable)
        {
            Send(messages, new TestClassDisposeStarting(_test));
            try
            {
                disposable.Dispose();
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
            finally
            {
                Send(messages, new TestClassDisposeFinished(_test));
            }
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

    private async Task RunInstanceAsync(object? instance, IMessageBus? messages, List<Exception> errors)
    {
        var lifetime = instance as IAsyncLifetime;
        if (lifetime is not null)
        {
            try
            {
                await lifetime.InitializeAsync();
            }
            catch (Exception ex)
            {
                // As in xunit: a failed InitializeAsync skips the method and DisposeAsync; Dispose still runs.
                errors.Add(ex);
                return;
            }
        }

        var ran = new Stack<BeforeAfterTestAttribute>();
        foreach (BeforeAfterTestAttribute attribute in _beforeAfterAttributes)
        {
            string name = attribute.GetType().Name;
            Send(messages, new BeforeTestStarting(_test, name));
            try
            {
                attribute.Before(_testMethod);
                ran.Push(attribute);
            }
            catch (Exception ex)
            {
                errors.Add(ex);
                break;
            }
            finally
            {
                Send(messages, new BeforeTestFinished(_test, name));
            }
        }

        if (errors.Count == 0)
        {
            try
            {
                await InvokeMethodAsync(instance);
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        }

        foreach (BeforeAfterTestAttribute attribute in ran)
        {
            string name = attribute.GetType().Name;
            Send(messages, new AfterTestStarting(_test, name));
            try
            {
                attribute.After(_testMethod);
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
            finally
            {
                Send(messages, new AfterTestFinished(_test, name));
            }
        }

        if (lifetime is not null)
        {
            try
            {
                await lifetime.DisposeAsync();
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        }
    }

    private Task InvokeMethodAsync(object? instance) =>
        TestMethodCall.InvokeAsync(_testMethod, instance, _testMethodArguments, AsyncUtility.TryConvertToTask);

    private void Send(IMessageBus? messages, IMessageSinkMessage message)
    {
        if (messages is not null && !messages.QueueMessage(message))
        {
            _cancellationTokenSource.Cancel();
        }
    }
}
