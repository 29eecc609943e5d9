using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;
using Xunit.Abstractions;

namespace Asynkit.Examples.Coyote;

/// <summary>The span-overload gap in a rewritten assembly: found, explained, and refused on request.</summary>
public sealed class RewritingGapTests(ITestOutputHelper output)
{
    private static readonly ExplorationOptions s_options = new() { Strategy = StrategyKind.Coyote, Iterations = 20, Seed = 1 };

    [Fact]
    public void FindGaps_RewrittenAssembly_NamesTheSpanWhenAllAndNothingElse()
    {
        IReadOnlyList<RewritingGap> gaps = CoyoteRewriting.FindGaps(typeof(SpanOverloadGap).Assembly);

        RewritingGap gap = gaps.ShouldHaveSingleItem();
        gap.Caller.ShouldBe("Asynkit.Examples.Coyote.SpanOverloadGap.WhenAllOfTwoAsync");
        gap.Member.ShouldBe("Task.WhenAll(ReadOnlySpan<Task>)");
        gap.Explanation.ShouldContain("new[] { a, b }");
    }

    [Fact]
    public void ExploreRewritten_GapsWithPolicyFail_RefusesToRunAndNamesTheCallSite()
    {
        var error = Should.Throw<RewritingGapException>(() => CoyoteExplorer.ExploreRewritten(SpanOverloadGap.WhenAllOfTwoAsync, s_options, new CoyoteOptions { RewritingGaps = RewritingGapPolicy.Fail }));

        error.Message.ShouldContain("SpanOverloadGap.WhenAllOfTwoAsync calls Task.WhenAll(ReadOnlySpan<Task>)");
        error.Gaps.ShouldHaveSingleItem();
    }

    [Fact]
    public void ExploreRewritten_Gaps_WarnsInTheOutputAndRuns()
    {
        var log = new StringWriter();

        ExplorationResult result = CoyoteExplorer.ExploreRewritten(TaskRunRace.FixedAsync, s_options, new CoyoteOptions { Output = log });
        output.WriteLine(log.ToString());

        result.Failed.ShouldBeFalse(result.ToString());
        log.ToString().ShouldContain("Warning: 1 call is left uncontrolled by coyote rewrite 1.7.11");
        log.ToString().ShouldContain("SpanOverloadGap.WhenAllOfTwoAsync");
    }

    [Fact]
    public void ExploreRewritten_SpanWhenAllWithUncontrolledConcurrencyOff_FailsWithTheExplanation()
    {
        ExplorationResult result = CoyoteExplorer.ExploreRewritten(SpanOverloadGap.WhenAllOfTwoAsync, s_options, new CoyoteOptions { AllowUncontrolledConcurrency = false, Output = new TestOutputWriter(output) });

        var bug = result.Failure.ShouldBeOfType<CoyoteBugException>();
        bug.BugReport.ShouldContain("System.Threading.Tasks.Task.WhenAll");
        bug.Message.ShouldContain("calls coyote rewrite leaves uncontrolled");
        bug.Message.ShouldContain("SpanOverloadGap.WhenAllOfTwoAsync calls Task.WhenAll(ReadOnlySpan<Task>)");
    }
}
