using System.Reflection;
using Asynkit.Testing.Exploration;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Runs one test (a fact, or one theory row): xunit's messages around it, and <see cref="AsynkitTestInvoker"/> inside.</summary>
/// <remarks>It blocks the xunit worker thread while the loop thread runs, as synchronous tests do, so that xunit's limit on
/// parallel threads still holds.</remarks>
internal sealed class AsynkitTestRunner(
    ITest test,
    IMessageBus messageBus,
    Type testClass,
    object[] constructorArguments,
    MethodInfo testMethod,
    object[] testMethodArguments,
    string skipReason,
    IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource,
    TestSettings settings)
    : XunitTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource)
{
    protected override Task<Tuple<decimal, string>> InvokeTestAsync(ExceptionAggregator aggregator)
    {
        var invoker = new AsynkitTestInvoker(Test, MessageBus, TestClass, ConstructorArguments, TestMethod, TestMethodArguments, BeforeAfterAttributes, CancellationTokenSource, settings);

        // Failures go to the aggregator here rather than out of this method, so that their test output is still reported.
        aggregator.Run(invoker.Run);
        return Task.FromResult(Tuple.Create(invoker.ExecutionTime, invoker.Output));
    }
}
