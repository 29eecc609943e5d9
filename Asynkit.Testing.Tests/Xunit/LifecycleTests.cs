using Asynkit.Testing.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Tests.XunitIntegration;

public sealed class LifecycleTests
{
    private static readonly string[] s_oneInstance = ["constructor", "InitializeAsync", "Before", "method", "After", "DisposeAsync", "Dispose"];

    [Fact]
    public async Task FifoRun_EveryStepOfTheInstance_RunsInsideTheLoopInXunitOrder()
    {
        var recorder = new LifecycleRecorder();
        LifecycleRecorder.Current = recorder;
        (SpyMessageBus bus, RunSummary summary) = await XunitHarness.RunAsync(XunitHarness.DiscoverOne(typeof(LifecycleSample), nameof(LifecycleSample.Fifo)), recorder);

        summary.Failed.ShouldBe(0);
        recorder.Events.Select(e => e.What).ShouldBe(s_oneInstance);
        recorder.Events.ShouldAllBe(e => e.InsideLoop);
        recorder.Events.ShouldAllBe(e => e.Task == "main");
        bus.OfType<ITestPassed>().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Exploration_EverySchedule_GetsAFreshInstanceWithTheWholeLifecycle()
    {
        var recorder = new LifecycleRecorder();
        LifecycleRecorder.Current = recorder;
        (_, RunSummary summary) = await XunitHarness.RunAsync(XunitHarness.DiscoverOne(typeof(LifecycleSample), nameof(LifecycleSample.Explored)), recorder);

        summary.Failed.ShouldBe(0);
        var instances = recorder.Events.Where(e => e.Instance != 0).GroupBy(e => e.Instance).ToList();
        instances.Count.ShouldBe(5);
        foreach (var instance in instances)
        {
            instance.Select(e => e.What).ShouldBe(["constructor", "InitializeAsync", "method", "DisposeAsync", "Dispose"]);
        }

        recorder.Events.Count(e => e.What == "Before").ShouldBe(5);
        recorder.Events.ShouldAllBe(e => e.InsideLoop && e.Task == "main");
    }

    [Fact]
    public void ClassFixture_CreatedByXunit_IsOutsideAnyLoop()
    {
        new LifecycleRecorder().CreatedInsideLoop.ShouldBeFalse();
        bool insideLoop = false;
        AsynkitLoop.Run(() =>
        {
            insideLoop = new LifecycleRecorder().CreatedInsideLoop;
            return Task.CompletedTask;
        });
        insideLoop.ShouldBeTrue();
    }

    [Fact]
    public async Task FifoRun_Messages_FollowXunitOrder()
    {
        LifecycleRecorder.Current = null;
        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(XunitHarness.DiscoverOne(typeof(LifecycleSample), nameof(LifecycleSample.Fifo)), new LifecycleRecorder());

        bus.Names.ShouldBe([
            "TestCaseStarting", "TestStarting",
            "TestClassConstructionStarting", "TestClassConstructionFinished",
            "BeforeTestStarting", "BeforeTestFinished", "AfterTestStarting", "AfterTestFinished",
            "TestClassDisposeStarting", "TestClassDisposeFinished",
            "TestPassed", "TestFinished", "TestCaseFinished",
        ]);
    }

    [Fact]
    public async Task Exploration_Messages_LifecycleOnceThenSummaryOutput()
    {
        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(XunitHarness.DiscoverOne(typeof(LifecycleSample), nameof(LifecycleSample.Explored)), new LifecycleRecorder());

        bus.Names.ShouldBe([
            "TestCaseStarting", "TestStarting",
            "TestClassConstructionStarting", "TestClassConstructionFinished",
            "BeforeTestStarting", "BeforeTestFinished", "AfterTestStarting", "AfterTestFinished",
            "TestClassDisposeStarting", "TestClassDisposeFinished",
            "TestOutput", "TestPassed", "TestFinished", "TestCaseFinished",
        ]);
        bus.OfType<ITestOutput>().Single().Output.ShouldStartWith("Asynkit: explored 5 schedules (");
    }

    [Fact]
    public async Task FifoRun_TestOutput_StreamedLiveAndReported()
    {
        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(XunitHarness.DiscoverOne(typeof(OutputSample), nameof(OutputSample.Fifo)), OutputHelperPlaceholder());

        bus.OfType<ITestOutput>().Select(o => o.Output).ShouldBe(["fifo says hello" + Environment.NewLine]);
        bus.OfType<ITestPassed>().Single().Output.ShouldBe("fifo says hello" + Environment.NewLine);
    }

    [Fact]
    public async Task Exploration_TestOutputOfSchedules_NotRepeatedPerSchedule()
    {
        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(XunitHarness.DiscoverOne(typeof(OutputSample), nameof(OutputSample.Explored)), OutputHelperPlaceholder());

        bus.OfType<ITestOutput>().ShouldAllBe(o => !o.Output.Contains("one schedule"));
        string output = bus.OfType<ITestPassed>().Single().Output;
        output.ShouldStartWith("Asynkit: explored 3 schedules (");
        output.ShouldNotContain("one schedule");
    }

    [Fact]
    public async Task TestClassConstructor_Throws_ReportedAsTheFailure()
    {
        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(XunitHarness.DiscoverOne(typeof(LifecycleSample), nameof(LifecycleSample.Fifo)), "not a recorder");

        ITestFailed failure = XunitHarness.SingleFailure(bus);
        failure.Messages[0].ShouldContain($"{nameof(MissingMethodException)}: ");
    }

    // xunit 2.9.3 passes this placeholder for an ITestOutputHelper constructor parameter; the runner swaps in a helper per test.
    private static Func<TestOutputHelper> OutputHelperPlaceholder() => () => new TestOutputHelper();
}
