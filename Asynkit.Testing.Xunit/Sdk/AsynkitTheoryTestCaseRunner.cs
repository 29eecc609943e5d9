using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Runs an <see cref="AsynkitTheoryTestCase"/>: xunit enumerates the rows, and each row gets an <see cref="AsynkitTestRunner"/>.</summary>
internal sealed class AsynkitTheoryTestCaseRunner(
    AsynkitTheoryTestCase testCase,
    string displayName,
    string skipReason,
    object[] constructorArguments,
    IMessageSink diagnosticMessageSink,
    IMessageBus messageBus,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource)
    : XunitTheoryTestCaseRunner(testCase, displayName, skipReason, constructorArguments, diagnosticMessageSink, messageBus, aggregator, cancellationTokenSource)
{
    protected override XunitTestRunner CreateTestRunner(ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, MethodInfo testMethod, object[] testMethodArguments, string skipReason, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        new AsynkitTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, new ExceptionAggregator(aggregator), cancellationTokenSource, testCase.Settings);
}
