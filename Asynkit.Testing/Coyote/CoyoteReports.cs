using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Coyote;

/// <summary>Writes the HTML report of a failed Coyote exploration where the explorer writes its own.</summary>
internal static class CoyoteReports
{
    private const string ReportDirectoryVariable = "ASYNKIT_REPORT_DIR";

    public static void WriteHtml(ExplorationOptions options, ExplorationResult result, string suffix)
    {
        string? directory = options.ReportDirectory ?? Environment.GetEnvironmentVariable(ReportDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(directory) && result.Failed)
        {
            result.ReportPath = HtmlReport.Write(directory, result, suffix);
        }
    }
}
