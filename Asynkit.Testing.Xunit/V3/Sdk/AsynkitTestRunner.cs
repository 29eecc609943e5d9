using Asynkit.Testing.Exploration;
using Xunit;
using Xunit.v3;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Runs one test (a fact, or one theory row) for xunit v3: xunit's messages around it, and inside, the core's
/// <see cref="TestRun"/> with <see cref="ScheduleBody"/> (a fresh instance per schedule) as the body.</summary>
/// <remarks>It blocks xunit's thread while the loop thread runs, as synchronous tests do, so xunit's parallelism limit holds.</remarks>
internal sealed class AsynkitTestRunner : XunitTestRunner
{
    public static new readonly AsynkitTestRunner Instance = new();

    /// <summary>xunit creates no instance: every schedule creates its own, inside the loop.</summary>
    protected override bool IsTestClassCreatable(XunitTestRunnerContext ctxt) => false;

    protected override ValueTask<TimeSpan> InvokeTest(XunitTestRunnerContext ctxt, object? testClassInstance)
    {
        ArgumentNullException.ThrowIfNull(ctxt);
        var testCase = (AsynkitTestCase)ctxt.Test.TestCase;
        if (testCase.Error is { } error)
        {
            throw new InvalidOperationException(error);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        TestIdentityV3 identity = TestIdentityV3.Of(ctxt.Test);
        TestPlan plan = TestPlan.Create(testCase.Settings, identity.FullName, identity.RowKey, testCase.Timeout);
        var watch = new RunWatch();
        var body = new ScheduleBody(ctxt.Test, ctxt.ConstructorArguments, watch);
        ITestOutputHelper? output = TestContext.Current.TestOutputHelper;
        new TestRun
        {
            Plan = plan,
            Watch = watch,
            Explore = options => testCase.Settings.Strategy == StrategyKind.Coyote
                ? ExplorationDrivers.CoyoteEntry().Explore(body.RunAsync, options with { Strategy = StrategyKind.Coyote }, null)
                : Explorer.Explore(body.RunAsync, options),
            Surface = textReport => identity.Surface(plan, textReport),
            WriteLine = line => output?.WriteLine(line),
            ThreadName = $"Asynkit loop: {ctxt.Test.TestDisplayName}",
        }.Execute();
        return new ValueTask<TimeSpan>(started.Elapsed);
    }
}
