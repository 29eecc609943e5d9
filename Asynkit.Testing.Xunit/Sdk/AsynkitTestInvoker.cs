using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using Asynkit.Testing.Exploration;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Runs one test's schedules with <see cref="Explorer"/> on a dedicated loop thread and turns the result into xunit's
/// terms: a failure message that starts with what reproduces it, or a summary line in the test output.</summary>
internal sealed class AsynkitTestInvoker
{
    private readonly ITest _test;
    private readonly IMessageBus _messageBus;
    private readonly Type _testClass;
    private readonly object[] _constructorArguments;
    private readonly MethodInfo _testMethod;
    private readonly object[] _testMethodArguments;
    private readonly IReadOnlyList<BeforeAfterTestAttribute> _beforeAfterAttributes;
    private readonly CancellationTokenSource _cancellationTokenSource;
    private readonly TestSettings _settings;
    private readonly StringBuilder _summary = new();
    private OutputCapture? _capture;
    private bool _showRunOutput = true;

    public AsynkitTestInvoker(ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, MethodInfo testMethod, object[] testMethodArguments, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, CancellationTokenSource cancellationTokenSource, TestSettings settings)
    {
        _test = test;
        _messageBus = messageBus;
        _testClass = testClass;
        _constructorArguments = constructorArguments;
        _testMethod = testMethod;
        _testMethodArguments = testMethodArguments;
        _beforeAfterAttributes = beforeAfterAttributes;
        _cancellationTokenSource = cancellationTokenSource;
        _settings = settings;
    }

    /// <summary>The wall-clock time of the whole test, in seconds.</summary>
    public decimal ExecutionTime { get; private set; }

    /// <summary>The test output: the reported run's own output (not for a passing exploration: no single run is the
    /// reported one), then Asynkit's summary.</summary>
    public string Output => (_showRunOutput ? _capture?.LastRunOutput ?? "" : "") + _summary;

    /// <summary>Runs the test; a failure is thrown (the caller's aggregator records it).</summary>
    public void Run()
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            RunCore();
        }
        finally
        {
            ExecutionTime = (decimal)stopwatch.Elapsed.TotalSeconds;
        }
    }

    private void RunCore()
    {
        if (_cancellationTokenSource.IsCancellationRequested)
        {
            return;
        }

        if (_test.TestCase is IXunitTestCase { InitializationException: { } initialization })
        {
            ExceptionDispatchInfo.Throw(initialization);
        }

        int timeout = _test.TestCase is IXunitTestCase testCase ? testCase.Timeout : 0;
        TestIdentity identity = TestIdentity.Of(_test, _testMethod, _testMethodArguments);
        TestPlan plan = TestPlan.Create(_settings, identity.FullName, identity.RowKey, timeout);
        if (plan.Options is not { } options)
        {
            WriteLine($"Asynkit: shard {plan.Shard} has no schedule to run: {plan.EmptyShardReason}.");
            return;
        }

        using var loopMessages = new GatedMessageBus(_messageBus);
        _capture = new OutputCapture(_constructorArguments, loopMessages, _test, streamFirstRun: plan.Mode != TestMode.Exploration);
        var body = new TestBody(_test, loopMessages, _testClass, _testMethod, _testMethodArguments, _beforeAfterAttributes, _cancellationTokenSource, _capture);
        ExplorationResult result;
        try
        {
            result = LoopThread.Run(
                () => _settings.Strategy == StrategyKind.Coyote
                    ? CoyoteRun.Explore(_settings, options, body, _testClass, _testMethod, _testMethodArguments, _capture, WriteLine)
                    : Explorer.Explore(body.RunAsync, options),
                body, options.LoopOptions!.WallClockTimeout, $"Asynkit loop: {_test.DisplayName}");
        }
        finally
        {
            loopMessages.Close();
        }
        if (result.Failed)
        {
            FailureSurface surface = identity.Surface(plan, TextReport.PathFor(result));
            string message = FailureText.Message(result, surface);
            if (surface.TextReportPath is not null)
            {
                TextReport.Write(surface, message, result, _capture.LastRunOutput);
            }

            throw new ExplorationFailedException(message, result.Failure!, result.ReplayToken, result.Trace);
        }

        if (plan.Mode == TestMode.Exploration && plan.TimeoutMilliseconds > 0 && result.SchedulesExplored < options.Iterations && !result.SpaceCovered
            && result.Elapsed >= TimeSpan.FromMilliseconds(plan.TimeoutMilliseconds))
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"Test execution timed out after {plan.TimeoutMilliseconds:N0} ms (Timeout): Asynkit {FailureText.Explored(result)} of the {options.Iterations:N0} asked for, and none failed. Raise Timeout or lower Iterations."));
        }

        _showRunOutput = plan.Mode != TestMode.Exploration;
        if (plan.Mode != TestMode.Fifo || result.Warnings.Count > 0)
        {
            WriteLine(FailureText.PassSummary(result, identity.Surface(plan, null)));
        }
    }

    private void WriteLine(string line)
    {
        string text = line + Environment.NewLine;
        _summary.Append(text);
        if (!_messageBus.QueueMessage(new TestOutput(_test, text)))
        {
            _cancellationTokenSource.Cancel();
        }
    }
}
