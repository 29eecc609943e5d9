using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>Where failure reports go: the folder the options name, else <see cref="AsynkitEnvironment.ReportDirectoryVariable"/>;
/// and how a report is written there without ever hiding the failure it reports.</summary>
internal static class ReportFolder
{
    /// <summary>The report folder: <paramref name="configured"/> when given, else the environment variable's; null when
    /// neither names one (empty or blank counts as none).</summary>
    public static string? Resolve(string? configured)
    {
        string? directory = configured ?? AsynkitEnvironment.ReadReportDirectory();
        return string.IsNullOrWhiteSpace(directory) ? null : directory;
    }

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/>, creating its folder; returns null, or why it could
    /// not (a report folder that cannot be written must not replace the failure, its token and its trace, by an I/O error).</summary>
    public static string? TryWrite(string path, string contents)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, contents, Encoding.UTF8);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return $"{ex.GetType().Name}: {ex.Message} (check the report folder: ReportDirectory, --report or {AsynkitEnvironment.ReportDirectoryVariable})";
        }
    }
}
