using System.Reflection;
using System.Text.RegularExpressions;
using Asynkit.Examples.Catalogue;
using Asynkit.Examples.Tests.Harness;
using Asynkit.Testing;
using Asynkit.Testing.Exploration;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Examples.Tests.Catalogue;

/// <summary>Proves the catalogue does what it claims: every buggy program passes in asyncio order, is found by exploration
/// with a replay token that reproduces the same exception, and its FailureExpected test really fails with a replay line.</summary>
public sealed partial class CatalogueMetaTests
{
    [Theory]
    [MemberData(nameof(CatalogueLookup.Names), MemberType = typeof(CatalogueLookup))]
    public void Buggy_FifoOrder_Passes(string name)
    {
        // The explorer's find is its own: in asyncio (FIFO) order every buggy program runs clean.
        Should.NotThrow(() => AsynkitLoop.Run(CatalogueLookup.Named(name).Buggy));
    }

    [Theory]
    [MemberData(nameof(CatalogueLookup.Names), MemberType = typeof(CatalogueLookup))]
    public void Buggy_Explored_FoundWithinBudgetAndReplayReproducesIt(string name)
    {
        BugProgram program = CatalogueLookup.Named(name);

        ExplorationResult found = Explorer.Explore(program.Buggy, new ExplorationOptions { Iterations = CatalogueBugTests.Budget, Seed = 2026, Name = name });

        found.Failed.ShouldBeTrue($"{name}: not found in {found.SchedulesExplored} schedules");
        found.FailingIteration!.Value.ShouldBeLessThanOrEqualTo(CatalogueBugTests.Budget);
        found.ReplayToken.ShouldNotBeNull().ShouldStartWith("ak1_");
        ExplorationResult replayed = Explorer.Replay(program.Buggy, found.ReplayToken);
        replayed.Failed.ShouldBeTrue($"{name}: replaying {found.ReplayToken} did not fail");
        replayed.Failure!.GetType().ShouldBe(found.Failure!.GetType());
        replayed.Failure.Message.ShouldBe(found.Failure.Message);
    }

    [Theory]
    [MemberData(nameof(CatalogueLookup.Names), MemberType = typeof(CatalogueLookup))]
    public async Task BugTest_RunByXunit_FailsWithAReplayLineThatReproducesTheFailure(string name)
    {
        (string method, int? row) = CatalogueLookup.BugTests[name];
        IXunitTestCase testCase = XunitRun.Discover(typeof(CatalogueBugTests), method)
            .Single(c => row is null || (int)c.TestMethodArguments[0] == row);

        IReadOnlyList<IMessageSinkMessage> messages = await XunitRun.RunAsync(testCase);

        ITestFailed failure = messages.OfType<ITestFailed>().ShouldHaveSingleItem($"{name}: the FailureExpected test did not fail");
        failure.ExceptionTypes[0].ShouldBe(typeof(ExplorationFailedException).FullName);
        Match line = ReplayLine().Match(failure.Messages[0]);
        line.Success.ShouldBeTrue($"no replay line in:{Environment.NewLine}{failure.Messages[0]}");
        string token = line.Groups["token"].Value;

        // The token the test printed replays on the catalogue program itself, outside xunit: the same exception.
        ExplorationResult replayed = Explorer.Replay(CatalogueLookup.Named(name).Buggy, token);
        replayed.Failed.ShouldBeTrue($"{name}: replaying the printed token {token} did not fail");
        failure.Messages[0].ShouldContain($"\n{replayed.Failure!.GetType().Name}: ", customMessage: "the message states the failure the token replays");
    }

    /// <summary>The programs whose bug only an oracle sees, by name.</summary>
    public static TheoryData<string> OracleOnly()
    {
        var data = new TheoryData<string>();
        foreach (BugProgram program in BugCatalogue.All.Where(p => p.WithoutOracle is not null))
        {
            data.Add(program.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OracleOnly))]
    public void Buggy_WithoutItsOracle_PassesEverySchedule(string name)
    {
        BugProgram program = CatalogueLookup.Named(name);

        ExplorationResult unwatched = Explorer.Explore(program.WithoutOracle!, new ExplorationOptions { Iterations = CatalogueBugTests.Budget, Seed = 2026, Name = name });

        unwatched.Failed.ShouldBeFalse($"{name}: found without its {program.Oracle}: {unwatched}");
        unwatched.SchedulesExplored.ShouldBe(CatalogueBugTests.Budget);
    }

    [Fact]
    public void Catalogue_EachNewOracle_FindsABugNothingElseSees()
    {
        BugCatalogue.All.Where(p => p.WithoutOracle is not null).Select(p => p.Oracle).Order()
            .ShouldBe(["linearizability", "liveness", "step invariant"]);
    }

    [Fact]
    public void Catalogue_EveryProgram_HasABugTestAndAFixedTest()
    {
        CatalogueLookup.BugTests.Keys.Order().ShouldBe(BugCatalogue.All.Select(p => p.Name).Order());
        string[] bugMethods = TestMethodsOf(typeof(CatalogueBugTests));
        bugMethods.Order().ShouldBe(CatalogueLookup.BugTests.Values.Select(v => v.Method).Distinct().Order());
        TestMethodsOf(typeof(CatalogueFixedTests)).Length.ShouldBe(bugMethods.Length);
        typeof(CatalogueBugTests).GetCustomAttributes<TraitAttribute>().ShouldNotBeEmpty();
        typeof(CatalogueFixedTests).GetCustomAttributes<TraitAttribute>().ShouldBeEmpty();
    }

    private static string[] TestMethodsOf(Type type) =>
        [.. type.GetMethods().Where(m => m.GetCustomAttributes<FactAttribute>().Any()).Select(m => m.Name)];

    [GeneratedRegex("""\[(?<attribute>AsynkitFact|AsynkitTheory)\(Replay = "(row [0-9a-f]{8}: )?(?<token>ak1_[A-Za-z0-9_-]+)"\)\]""")]
    private static partial Regex ReplayLine();
}
