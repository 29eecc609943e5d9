using System.Text.RegularExpressions;

namespace Asynkit.Testing.Tests.RoughEdges;

/// <summary>The docs' C# snippets say what they assume: Shouldly, an <c>output</c> helper, the loop's accessor.</summary>
public sealed partial class DocSnippetTests
{
    public static TheoryData<string> Pages() => [.. Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs"), "*.md").Select(p => Path.GetFileName(p)).Append("../README.md")];

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_CSharpSnippets_SayWhatTheyAssume(string page)
    {
        string text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", page));
        string[] blocks = [.. CSharpBlock().Matches(text).Select(m => m.Groups[1].Value)];

        if (blocks.Any(b => ShouldlyCall().IsMatch(b)))
        {
            text.ShouldContain("Shouldly", customMessage: $"{page} asserts with Shouldly in a snippet without saying so");
        }

        if (blocks.Any(b => b.Contains("output.WriteLine", StringComparison.Ordinal) && !b.Contains("ITestOutputHelper output", StringComparison.Ordinal)))
        {
            text.ShouldContain("ITestOutputHelper output", customMessage: $"{page} writes to an 'output' it never defines");
        }

        blocks.ShouldNotContain(b => b.Contains("AsynkitLoop.Current!", StringComparison.Ordinal), $"{page}: use AsynkitLoop.RequireCurrent(), whose error names the fix");
    }

    private static string RepositoryRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Asynkit.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("Asynkit.sln not found above the test assembly.");
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"\.Should[A-Z]|Should\.Throw")]
    private static partial Regex ShouldlyCall();
}
