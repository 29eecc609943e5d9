using Asynkit.Testing.Exploration;
using Asynkit.Testing.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Tests.XunitIntegration;

public sealed class SerializationTests
{
    public static TheoryData<string> Methods() =>
    [
        nameof(DiscoverySamples.Fifo),
        nameof(DiscoverySamples.Explored),
        nameof(DiscoverySamples.CoverageRequired),
        nameof(DiscoverySamples.Replayed),
        nameof(DiscoverySamples.Rows),
        nameof(DiscoverySamples.OpaqueRows),
    ];

    [Theory]
    [MemberData(nameof(Methods))]
    public void TestCase_SerializedAndDeserialized_KeepsEveryField(string method)
    {
        foreach (AsynkitTestCase original in XunitHarness.Discover(typeof(DiscoverySamples), method).Cast<AsynkitTestCase>())
        {
            var copy = (AsynkitTestCase)SerializationHelper.Deserialize<IXunitTestCase>(SerializationHelper.Serialize(original));

            copy.GetType().ShouldBe(original.GetType());
            copy.Settings.ShouldBe(original.Settings);
            copy.UniqueID.ShouldBe(original.UniqueID);
            copy.DisplayName.ShouldBe(original.DisplayName);
            copy.Timeout.ShouldBe(original.Timeout);
            copy.Traits[AsynkitTestCase.TraitName].ShouldBe(original.Traits[AsynkitTestCase.TraitName]);
            copy.TestMethodArguments.ShouldBe(original.TestMethodArguments);
            copy.TestMethod.Method.Name.ShouldBe(method);
        }
    }

    [Fact]
    public void Settings_EveryNonDefaultValue_SurvivesTheRoundTrip()
    {
        var settings = new TestSettings { Iterations = 7, Strategy = StrategyKind.Exhaustive, Seed = -3, PctDepth = 4, MaxSteps = 123, Replay = "row 0a1b2c3d: ak1_x", Shrink = false, RequireCoverage = true, CoverageLabels = new LabelList(["a b", "c"]) };
        var original = FailureExpectedMetaTests.Pasted(XunitHarness.DiscoverOne(typeof(DiscoverySamples), nameof(DiscoverySamples.Fifo)), settings);

        var copy = (AsynkitTestCase)SerializationHelper.Deserialize<IXunitTestCase>(SerializationHelper.Serialize(original));

        copy.Settings.ShouldBe(settings);
        copy.Traits[AsynkitTestCase.TraitName].ShouldBe(["Replay"]);
    }

    [Fact]
    public async Task TestCase_AfterTheRoundTrip_StillRunsItsExploration()
    {
        IXunitTestCase original = XunitHarness.DiscoverOne(typeof(DiscoverySamples), nameof(DiscoverySamples.Explored));
        var copy = SerializationHelper.Deserialize<IXunitTestCase>(SerializationHelper.Serialize(original));

        (SpyMessageBus bus, RunSummary summary) = await XunitHarness.RunAsync(copy);

        summary.Failed.ShouldBe(0);
        bus.OfType<ITestPassed>().Single().Output.ShouldStartWith("Asynkit: explored 25 schedules (");
        bus.OfType<ITestPassed>().Single().Output.ShouldContain("(Pct; seed 99, set by the attribute)");
    }
}
