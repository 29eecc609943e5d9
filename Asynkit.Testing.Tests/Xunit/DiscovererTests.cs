using System.Reflection;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Xunit;
using Asynkit.Testing.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Tests.XunitIntegration;

public sealed class DiscovererTests
{
    [Theory]
    [InlineData(typeof(AsynkitFactAttribute), typeof(AsynkitFactDiscoverer))]
    [InlineData(typeof(AsynkitTheoryAttribute), typeof(AsynkitTheoryDiscoverer))]
    public void DiscovererTypeName_OnTheAttribute_ResolvesToTheDiscoverer(Type attribute, Type discoverer)
    {
        CustomAttributeData data = attribute.GetCustomAttributesData().Single(a => a.AttributeType == typeof(XunitTestCaseDiscovererAttribute));
        string typeName = (string)data.ConstructorArguments[0].Value!;
        string assemblyName = (string)data.ConstructorArguments[1].Value!;

        Type.GetType($"{typeName}, {assemblyName}", throwOnError: true).ShouldBe(discoverer);
        SerializationHelper.GetType(assemblyName, typeName).ShouldBe(discoverer);
        typeof(IXunitTestCaseDiscoverer).IsAssignableFrom(discoverer).ShouldBeTrue();
    }

    [Fact]
    public void DiscovererConstants_MatchTheTypes()
    {
        AsynkitFactDiscoverer.TypeName.ShouldBe(typeof(AsynkitFactDiscoverer).FullName);
        AsynkitTheoryDiscoverer.TypeName.ShouldBe(typeof(AsynkitTheoryDiscoverer).FullName);
        AsynkitFactDiscoverer.AssemblyName.ShouldBe(typeof(AsynkitFactDiscoverer).Assembly.GetName().Name);
    }

    [Fact]
    public void AsynkitMode_EveryValue_MatchesTheCoreTestModeByNameAndNumber()
    {
        Enum.GetNames<AsynkitMode>().ShouldBe(Enum.GetNames<TestMode>());
        foreach (TestMode mode in Enum.GetValues<TestMode>())
        {
            ((AsynkitMode)mode).ToString().ShouldBe(mode.ToString());
        }
    }

    [Fact]
    public void Attribute_NamedProperties_ForwardToOneSettingsRecord()
    {
        var attribute = new AsynkitFactAttribute { Iterations = 9, PctDepth = 2, Shrink = false };

        ((IAsynkitSettingsSource)attribute).Settings.ShouldBe(TestSettings.Default with { Iterations = 9, PctDepth = 2, Shrink = false });
        new AsynkitTheoryAttribute().PctDepth.ShouldBe(TestSettings.DefaultPctDepth);
    }

    [Fact]
    public void XunitDiscovery_AsynkitMethods_BecomeAsynkitTestCases()
    {
        IReadOnlyList<IXunitTestCase> cases = XunitHarness.Discover(typeof(DiscoverySamples));

        Single(cases, nameof(DiscoverySamples.Fifo)).ShouldBeOfType<AsynkitTestCase>();
        Single(cases, nameof(DiscoverySamples.Explored)).ShouldBeOfType<AsynkitTestCase>();
        cases.Where(c => c.TestMethod.Method.Name == nameof(DiscoverySamples.Rows)).ShouldAllBe(c => c.GetType() == typeof(AsynkitTestCase));
        cases.Count(c => c.TestMethod.Method.Name == nameof(DiscoverySamples.Rows)).ShouldBe(2);
        Single(cases, nameof(DiscoverySamples.OpaqueRows)).ShouldBeOfType<AsynkitTheoryTestCase>();
        Single(cases, nameof(DiscoverySamples.PlainFact_IsNotOurs)).ShouldBeOfType<XunitTestCase>();
    }

    [Fact]
    public void XunitDiscovery_WithoutTheoryPreEnumeration_OneRuntimeTheoryCase()
    {
        IReadOnlyList<IXunitTestCase> cases = XunitHarness.Discover(typeof(DiscoverySamples), nameof(DiscoverySamples.Rows), preEnumerateTheories: false);

        cases.Single().ShouldBeOfType<AsynkitTheoryTestCase>();
    }

    [Fact]
    public void Discovery_NamedProperties_BecomeSettings()
    {
        var explored = (AsynkitTestCase)Single(XunitHarness.Discover(typeof(DiscoverySamples)), nameof(DiscoverySamples.Explored));

        explored.Settings.ShouldBe(new TestSettings { Iterations = 25, Strategy = StrategyKind.Pct, Seed = 99, PctDepth = 2, MaxSteps = 5000, Shrink = false });
        explored.Mode.ShouldBe(AsynkitMode.Exploration);
    }

    [Theory]
    [InlineData(nameof(DiscoverySamples.Fifo), "Fifo")]
    [InlineData(nameof(DiscoverySamples.Explored), "Exploration")]
    [InlineData(nameof(DiscoverySamples.Replayed), "Replay")]
    [InlineData(nameof(DiscoverySamples.OpaqueRows), "Exploration")]
    public void Discovery_AsynkitTrait_NamesTheMode(string method, string mode)
    {
        IXunitTestCase testCase = Single(XunitHarness.Discover(typeof(DiscoverySamples)), method);

        testCase.Traits[AsynkitTestCase.TraitName].ShouldBe([mode]);
    }

    [Fact]
    public void Discovery_FactAttributeProperties_StillApply()
    {
        IXunitTestCase fifo = Single(XunitHarness.Discover(typeof(DiscoverySamples)), nameof(DiscoverySamples.Fifo));

        fifo.DisplayName.ShouldBe("a fifo fact");
        fifo.Timeout.ShouldBe(5000);
    }

    [Theory]
    [InlineData(nameof(InvalidAttributeSamples.ZeroIterations), "Iterations is 0, but it must be at least 1")]
    [InlineData(nameof(InvalidAttributeSamples.CoyoteRewrittenWithoutCoyote), "CoyoteRewritten = true needs Strategy = StrategyKind.Coyote")]
    [InlineData(nameof(InvalidAttributeSamples.ZeroDepth), "PctDepth is 0, but it must be at least 1")]
    [InlineData(nameof(InvalidAttributeSamples.NegativeMaxSteps), "MaxSteps is -1, but it must be positive, or 0 for the default")]
    [InlineData(nameof(InvalidAttributeSamples.BlankReplay), "Replay is empty")]
    [InlineData(nameof(InvalidAttributeSamples.AsyncVoid), "cannot be async void")]
    [InlineData(nameof(InvalidAttributeSamples.FactWithParameter), "not allowed to have parameters")]
    public async Task InvalidAttribute_Discovered_AsAFailingTestWithTheReason(string method, string reason)
    {
        IXunitTestCase testCase = Single(XunitHarness.Discover(typeof(InvalidAttributeSamples)), method);
        testCase.ShouldBeOfType<ExecutionErrorTestCase>();

        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(testCase);

        XunitHarness.SingleFailure(bus).Messages[0].ShouldContain(reason);
    }

    [Fact]
    public async Task Skip_OnAnAsynkitFact_SkipsWithoutRunning()
    {
        IXunitTestCase testCase = Single(XunitHarness.Discover(typeof(InvalidAttributeSamples)), nameof(InvalidAttributeSamples.Skipped));
        testCase.ShouldBeOfType<AsynkitTestCase>();

        (SpyMessageBus bus, RunSummary summary) = await XunitHarness.RunAsync(testCase);

        summary.Skipped.ShouldBe(1);
        bus.OfType<ITestSkipped>().Single().Reason.ShouldBe("skipped on purpose");
        bus.OfType<ITestFailed>().ShouldBeEmpty();
    }

    [Fact]
    public async Task Replay_ScheduleThatPasses_ReportsThatItPassed()
    {
        (SpyMessageBus bus, RunSummary summary) = await XunitHarness.RunAsync(XunitHarness.DiscoverOne(typeof(DiscoverySamples), nameof(DiscoverySamples.Replayed)));

        summary.Failed.ShouldBe(0);
        bus.OfType<ITestPassed>().Single().Output.ShouldBe("Asynkit: the replayed schedule passed." + Environment.NewLine);
    }

    [Fact]
    public async Task Replay_TokenOfAnotherProgram_PassesAndSaysTheScheduleNoLongerExists()
    {
        IXunitTestCase fifo = XunitHarness.DiscoverOne(typeof(DiscoverySamples), nameof(DiscoverySamples.Fifo));
        var pasted = FailureExpectedMetaTests.Pasted(fifo, new TestSettings { Replay = "ak1_AAAAt_ewSg" });

        (SpyMessageBus bus, RunSummary summary) = await XunitHarness.RunAsync(pasted);

        summary.Failed.ShouldBe(0);
        string output = bus.OfType<ITestPassed>().Single().Output;
        output.ShouldStartWith("Asynkit: the replayed schedule passed.");
        output.ShouldContain("Warning: the recorded schedule no longer exists (the code changed since the token was recorded): the run left it at step");
    }

    [Fact]
    public async Task Replay_StrictTokenOfAnotherProgram_FailsWithTheDivergence()
    {
        IXunitTestCase fifo = XunitHarness.DiscoverOne(typeof(DiscoverySamples), nameof(DiscoverySamples.Fifo));
        var pasted = FailureExpectedMetaTests.Pasted(fifo, new TestSettings { Replay = "ak1_AAAAt_ewSg", StrictReplay = true });

        (SpyMessageBus bus, _) = await XunitHarness.RunAsync(pasted);

        ITestFailed failure = XunitHarness.SingleFailure(bus);
        failure.ExceptionTypes[0].ShouldBe(typeof(ScheduleDivergedException).FullName);
        failure.Messages[0].ShouldContain("The replay token no longer matches the code under test");
    }

    private static IXunitTestCase Single(IReadOnlyList<IXunitTestCase> cases, string method) =>
        cases.Single(c => c.TestMethod.Method.Name == method);
}
