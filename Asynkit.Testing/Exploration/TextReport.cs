using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>The text report of a failed test, beside its HTML report in the report folder: the message, the exception with its
/// stack trace, the failing run's output, and the whole trace when the message had to shorten it.</summary>
internal static class TextReport
{
    /// <summary>Where the text report goes: beside the HTML report (a failure gets one whenever there is a report folder);
    /// null for none.</summary>
    public static string? PathFor(ExplorationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.ReportPath is { } html ? Path.ChangeExtension(html, ".txt") : null;
    }

    /// <summary>Writes the report to <see cref="FailureSurface.TextReportPath"/>; returns null, or why it could not.</summary>
    public static string? TryWrite(FailureSurface surface, string message, ExplorationResult result, string output)
    {
        ArgumentNullException.ThrowIfNull(surface);
        ArgumentNullException.ThrowIfNull(result);
        string path = surface.TextReportPath ?? throw new ArgumentException("The surface has no text report path.", nameof(surface));
        var text = new StringBuilder(message).AppendLine().AppendLine();
        text.AppendLine("Exception:").AppendLine(result.Failure?.ToString());
        if (output.Length > 0)
        {
            text.AppendLine().AppendLine("Test output of the failing schedule:").Append(output);
        }

        if (result.Trace is { } trace && !ReferenceEquals(FailureText.Shorten(trace, surface), trace))
        {
            text.AppendLine().AppendLine("Whole trace of the failing schedule:").Append(trace);
        }

        return ReportFolder.TryWrite(path, text.ToString());
    }
}
