using System.Text.RegularExpressions;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Tests.XunitIntegration;

public sealed partial class EnvironmentTests
{
    private static readonly string s_lostUpdate = nameof(FailureExpectedSamples.LostUpdate_Explored_FailsWithReplayLine);

    [Fact]
    public void Read_NothingSet_AllNull()
    {
        AsynkitEnvironment environment = AsynkitEnvironment.Read(_ => null);

        environment.Iterations.ShouldBeNull();
        environment.Seed.ShouldBeNull();
        environment.Shard.ShouldBeNull();
        environment.ReportDirectory.ShouldBeNull();
    }

    [Fact]
    public void Read_AllSet_Parsed()
    {
        var values = new Dictionary<string, string>
        {
            ["ASYNKIT_ITERATIONS"] = " 100000 ",
            ["ASYNKIT_SEED"] = "-42",
            ["ASYNKIT_SHARD"] = "2/4",
            ["ASYNKIT_REPORT_DIR"] = "reports",
        };

        AsynkitEnvironment environment = AsynkitEnvironment.Read(name => values.GetValueOrDefault(name));

        environment.Iterations.ShouldBe(100_000);
        environment.Seed.ShouldBe(-42);
        environment.Shard.ShouldBe(new ShardSpec(2, 4));
        environment.ReportDirectory.ShouldBe("reports");
    }

    [Theory]
    [InlineData("ASYNKIT_ITERATIONS", "many", "ASYNKIT_ITERATIONS is 'many', but it must be a whole number")]
    [InlineData("ASYNKIT_ITERATIONS", "0", "ASYNKIT_ITERATIONS is '0', but it must be at least 1")]
    [InlineData("ASYNKIT_SEED", "12345678901", "ASYNKIT_SEED is '12345678901', but it must be a 32-bit integer")]
    [InlineData("ASYNKIT_SHARD", "3", "ASYNKIT_SHARD is '3', but it must be 'i/n'")]
    [InlineData("ASYNKIT_SHARD", "0/4", "the shard number i must be between 1 and n")]
    [InlineData("ASYNKIT_SHARD", "5/4", "the shard number i must be between 1 and n")]
    public void Read_BadValue_FormatExceptionNamesTheVariable(string name, string value, string expected)
    {
        var error = Should.Throw<FormatException>(() => AsynkitEnvironment.Read(n => n == name ? value : null));

        error.Message.ShouldContain(expected);
    }

    [Theory]
    [InlineData(1000, 4)]
    [InlineData(10, 3)]
    [InlineData(7, 7)]
    [InlineData(2, 5)]
    public void ShardRanges_AllShards_CoverEveryScheduleExactlyOnce(int total, int shards)
    {
        var covered = new List<int>();
        for (int i = 1; i <= shards; i++)
        {
            (int first, int count) = new ShardSpec(i, shards).Range(total);
            covered.AddRange(Enumerable.Range(first, count));
        }

        covered.ShouldBe(Enumerable.Range(1, total).ToList());
    }

    [Fact]
    public void StableHash_KnownFnv1aVectors()
    {
        StableHash.Fnv1a("").ShouldBe(0x811c9dc5u);
        StableHash.Fnv1a("a").ShouldBe(0xe40c292cu);
        StableHash.Fnv1a("foobar").ShouldBe(0xbf9cf968u);
        StableHash.Hex("a").ShouldBe("e40c292c");
    }

    [Theory]
    [InlineData("ak1_abc", null, "ak1_abc")]
    [InlineData(" ak1_abc ", "0a0b0c0d", "ak1_abc")]
    [InlineData("row 0a0b0c0d: ak1_abc", "0a0b0c0d", "ak1_abc")]
    [InlineData("row 0A0B0C0D:ak1_abc", "0a0b0c0d", "ak1_abc")]
    [InlineData("row 0a0b0c0d: ak1_abc", "ffffffff", null)]
    [InlineData("row 0a0b0c0d: ak1_abc", null, "ak1_abc")]
    public void ReplayScope_TokenFor_OnlyTheScopedRowReplays(string replay, string? row, string? expected) =>
        ReplayScope.TokenFor(replay, row).ShouldBe(expected);

    [Fact]
    public async Task Iterations_OnAnExploringTest_OverridesTheAttribute()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(DiscoverySamples), nameof(DiscoverySamples.Explored));

        (SpyMessageBus bus, _) = await XunitHarness.RunWithEnvironmentAsync(testCase, Env(("ASYNKIT_ITERATIONS", "7")));

        bus.OfType<ITestPassed>().Single().Output.ShouldStartWith("Asynkit: explored 7 schedules (");
    }

    [Fact]
    public async Task Iterations_OnAFifoTest_StillOneDeterministicRun()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(DiscoverySamples), nameof(DiscoverySamples.Fifo));
        var runs = new RunCounter();
        RunCounter.Current = runs;

        (SpyMessageBus bus, _) = await XunitHarness.RunWithEnvironmentAsync(testCase, Env(("ASYNKIT_ITERATIONS", "50"), ("ASYNKIT_SHARD", "2/2")));

        runs.Count.ShouldBe(1);
        bus.OfType<ITestPassed>().Single().Output.ShouldBe("");
    }

    [Fact]
    public async Task Seed_FromTheEnvironment_MixedWithTheTestName()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), s_lostUpdate);

        (SpyMessageBus bus, _) = await XunitHarness.RunWithEnvironmentAsync(testCase, Env(("ASYNKIT_SEED", "42")));

        int expected = StableHash.Seed($"{typeof(FailureExpectedSamples).FullName}.{s_lostUpdate}#42");
        XunitHarness.SingleFailure(bus).Messages[0].ShouldContain($"seed {expected}, ASYNKIT_SEED=42 mixed with the test name");
    }

    [Fact]
    public async Task Shard_EachShard_FindsFailuresInItsOwnRangeAndTheWholeRunsFirstFailure()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), s_lostUpdate);
        (SpyMessageBus whole, _) = await XunitHarness.RunAsync(testCase);
        int first = FailingIteration(XunitHarness.SingleFailure(whole).Messages[0]);

        bool sawFirst = false;
        for (int shard = 1; shard <= 4; shard++)
        {
            (SpyMessageBus bus, _) = await XunitHarness.RunWithEnvironmentAsync(testCase, Env(("ASYNKIT_SHARD", $"{shard}/4")));
            (int start, int count) = new ShardSpec(shard, 4).Range(500);
            string message = XunitHarness.SingleFailure(bus).Messages[0];
            message.ShouldContain($"shard {shard}/4 runs iterations {start}-{start + count - 1}");
            int iteration = FailingIteration(message);
            iteration.ShouldBeInRange(start, start + count - 1);
            if (first >= start && first < start + count)
            {
                iteration.ShouldBe(first);
                sawFirst = true;
            }
        }

        sawFirst.ShouldBeTrue();
    }

    [Fact]
    public async Task Shard_WithMoreShardsThanIterations_EmptyShardPasses()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), s_lostUpdate);

        (SpyMessageBus bus, RunSummary summary) = await XunitHarness.RunWithEnvironmentAsync(testCase, Env(("ASYNKIT_ITERATIONS", "2"), ("ASYNKIT_SHARD", "1/4")));

        summary.Failed.ShouldBe(0);
        bus.OfType<ITestPassed>().Single().Output.ShouldContain("shard 1/4 has no schedule to run");
    }

    [Fact]
    public async Task Shard_ExhaustiveSearch_RunsWholeInShardOneOnly()
    {
        IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(AsynkitAttributeDogfoodTests), nameof(AsynkitAttributeDogfoodTests.AsynkitFact_Exhaustive_CoversEverySchedule));

        (SpyMessageBus first, _) = await XunitHarness.RunWithEnvironmentAsync(testCase, Env(("ASYNKIT_SHARD", "1/3")), new LifecycleRecorder());
        (SpyMessageBus second, RunSummary secondSummary) = await XunitHarness.RunWithEnvironmentAsync(testCase, Env(("ASYNKIT_SHARD", "2/3")), new LifecycleRecorder());

        first.OfType<ITestPassed>().Single().Output.ShouldContain("every schedule was covered");
        secondSummary.Failed.ShouldBe(0);
        second.OfType<ITestPassed>().Single().Output.ShouldContain("shard 2/3 has no schedule to run: exhaustive search cannot be split");
    }

    [Fact]
    public async Task BadShard_ExploringTestFails_FifoTestUnaffected()
    {
        var environment = Env(("ASYNKIT_SHARD", "5/4"));

        (SpyMessageBus exploring, _) = await XunitHarness.RunWithEnvironmentAsync(XunitHarness.DiscoverOne(typeof(DiscoverySamples), nameof(DiscoverySamples.Explored)), environment);
        (SpyMessageBus fifo, RunSummary fifoSummary) = await XunitHarness.RunWithEnvironmentAsync(XunitHarness.DiscoverOne(typeof(DiscoverySamples), nameof(DiscoverySamples.Fifo)), environment);

        ITestFailed failure = XunitHarness.SingleFailure(exploring);
        failure.ExceptionTypes.ShouldBe([typeof(FormatException).FullName]);
        failure.Messages[0].ShouldContain("ASYNKIT_SHARD is '5/4'");
        fifoSummary.Failed.ShouldBe(0);
    }

    [Fact]
    public async Task ReportDirectory_FailingTest_WritesTextAndHtmlReports()
    {
        string directory = Directory.CreateTempSubdirectory("asynkit-reports-").FullName;
        try
        {
            IXunitTestCase testCase = XunitHarness.DiscoverOne(typeof(FailureExpectedSamples), s_lostUpdate);

            (SpyMessageBus bus, _) = await XunitHarness.RunWithEnvironmentAsync(testCase, Env(("ASYNKIT_REPORT_DIR", directory)));

            string message = XunitHarness.SingleFailure(bus).Messages[0];
            string html = Directory.GetFiles(directory, "*.html").ShouldHaveSingleItem();
            string text = Directory.GetFiles(directory, "*.txt").ShouldHaveSingleItem();
            message.ShouldContain($"HTML report: {html}");
            message.ShouldContain($"Text report: {text}");
            string report = await File.ReadAllTextAsync(text);
            report.ShouldContain("Replay it in one run by pasting: [AsynkitFact(Replay = \"ak1_");
            report.ShouldContain("Exception:");
            report.ShouldContain("at Asynkit.Testing.Tests.XunitIntegration.RacePrograms.LostUpdateAsync");
            (await File.ReadAllTextAsync(html)).ShouldContain("<html");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, string> Env(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value);

    private static int FailingIteration(string message) => int.Parse(IterationPattern().Match(message).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Asynkit: iteration ([\d,]+) of")]
    private static partial Regex IterationPattern();
}
