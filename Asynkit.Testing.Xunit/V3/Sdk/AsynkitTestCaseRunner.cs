using Xunit.v3;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>xunit's test case runner, with <see cref="AsynkitTestRunner"/> as the runner of each test.</summary>
internal sealed class AsynkitTestCaseRunner : XunitTestCaseRunner
{
    public static new readonly AsynkitTestCaseRunner Instance = new();

    /// <summary>The before/after attributes run inside the loop, once per schedule (<see cref="ScheduleBody"/>): xunit gets none.</summary>
    protected override ValueTask<RunSummary> RunTest(XunitTestCaseRunnerContext ctxt, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(ctxt);
#if XUNIT4
        return AsynkitTestRunner.Instance.Run(test, ctxt.MessageBus, ctxt.ConstructorArguments, ctxt.ExplicitOption, ctxt.Aggregator.Clone(), ctxt.CancellationTokenSource, ctxt.ParallelMode, ctxt.Scheduler, [], ctxt.CaseFixtureMappings);
#else
        return AsynkitTestRunner.Instance.Run(test, ctxt.MessageBus, ctxt.ConstructorArguments, ctxt.ExplicitOption, ctxt.Aggregator.Clone(), ctxt.CancellationTokenSource, []);
#endif
    }
}
