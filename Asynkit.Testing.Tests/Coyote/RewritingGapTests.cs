using Asynkit.Testing.Coyote;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Coyote;

public sealed class RewritingGapTests
{
    private const string Samples = "Asynkit.Testing.Tests.Coyote.RewritingGapSamples";

    private static List<RewritingGap> Gaps() =>
        CoyoteRewriting.FindGaps(typeof(RewritingGapSamples).Assembly).Where(g => g.Caller.StartsWith(Samples, StringComparison.Ordinal)).ToList();

    [Fact]
    public void FindGaps_SpanOverloads_FoundWithTheirCallersAndTheArrayFix()
    {
        IReadOnlyList<RewritingGap> gaps = Gaps();

        RewritingGap whenAll = gaps.Single(g => g.Caller == $"{Samples}.WhenAllOfTwoAsync");
        whenAll.Member.ShouldBe("Task.WhenAll(ReadOnlySpan<Task>)");
        whenAll.Explanation.ShouldContain("params ReadOnlySpan<Task>");
        whenAll.Explanation.ShouldContain("await Task.WhenAll(new[] { a, b })");
        gaps.Single(g => g.Caller == $"{Samples}.WhenAllOfTwoResultsAsync").Member.ShouldBe("Task.WhenAll(ReadOnlySpan<Task<TResult>>)");
        gaps.Single(g => g.Caller == $"{Samples}.WhenAnyOfThree").Member.ShouldBe("Task.WhenAny(ReadOnlySpan<Task>)");
        gaps.Single(g => g.Caller == $"{Samples}.WaitAllOfTwo").Explanation.ShouldContain("Task.WaitAll(new[] { a, b })");
    }

    [Fact]
    public void FindGaps_WhenEachAndTimeProviderDelay_Found()
    {
        IReadOnlyList<RewritingGap> gaps = Gaps();

        gaps.Single(g => g.Caller == $"{Samples}.WhenEachAsync").Member.ShouldStartWith("Task.WhenEach(");
        gaps.Single(g => g.Caller == $"{Samples}.DelayOnAClock").Member.ShouldBe("Task.Delay(TimeSpan, TimeProvider)");
    }

    [Fact]
    public void FindGaps_Lambda_NamedAfterItsEnclosingMethod()
    {
        Gaps().ShouldContain(g => g.Caller == $"{Samples}.LambdaWithWhenAll (lambda)" && g.Member == "Task.WhenAll(ReadOnlySpan<Task>)");
    }

    [Fact]
    public void FindGaps_OverloadsCoyoteRewrites_NotReported()
    {
        string[] callers = Gaps().Select(g => g.Caller).ToArray();

        callers.ShouldNotContain($"{Samples}.WhenAllOfArray");
        callers.ShouldNotContain($"{Samples}.WhenAllOfList");
        callers.ShouldNotContain($"{Samples}.WhenAnyOfTwo");
        callers.ShouldNotContain($"{Samples}.DelayPlain");
        callers.Length.ShouldBe(7);
    }

    [Fact]
    public void FindGaps_TheLibraryItself_HasNone()
    {
        CoyoteRewriting.FindGaps(typeof(AsynkitLoop).Assembly).ShouldBeEmpty();
    }

    [Fact]
    public void Explain_ListsEveryCallSite()
    {
        IReadOnlyList<RewritingGap> gaps = Gaps();

        string text = CoyoteRewriting.Explain(gaps);

        text.ShouldStartWith("7 calls are left uncontrolled by coyote rewrite 1.7.11");
        foreach (RewritingGap gap in gaps)
        {
            text.ShouldContain(gap.ToString());
        }
    }

    [Fact]
    public void FindGaps_NotAnAssembly_ThrowsBadImageFormatException()
    {
        string path = Path.Combine(Path.GetTempPath(), $"asynkit-not-an-assembly-{Environment.ProcessId}.dll");
        File.WriteAllText(path, "not a PE file");
        try
        {
            Should.Throw<BadImageFormatException>(() => CoyoteRewriting.FindGaps(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void IsRewritten_TestAssembly_False()
    {
        CoyoteRewriting.IsRewritten(typeof(RewritingGapTests).Assembly).ShouldBeFalse();
    }

    [Fact]
    public void ExploreRewritten_AssemblyNotRewritten_ThrowsInvalidOperationExceptionThatSaysHowToEnableIt()
    {
        var error = Should.Throw<InvalidOperationException>(() =>
            CoyoteExplorer.ExploreRewritten(() => Task.CompletedTask, new ExplorationOptions { Iterations = 1 }));

        error.Message.ShouldContain("<AsynkitCoyoteRewrite>true</AsynkitCoyoteRewrite>");
        error.Message.ShouldContain("'Asynkit.Testing.Tests'");
    }

    [Fact]
    public void ExploreRewritten_OurReplayToken_ThrowsArgumentException()
    {
        var error = Should.Throw<ArgumentException>(() =>
            CoyoteExplorer.ExploreRewritten(() => Task.CompletedTask, new ExplorationOptions { Replay = "ak1_AeNgYWFgYmFgZmEEIQCQ2IQH" }));

        error.Message.ShouldContain("Coyote's trace");
    }
}
