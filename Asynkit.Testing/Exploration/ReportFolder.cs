namespace Asynkit.Testing.Exploration;

/// <summary>Where failure reports go: the folder the options name, else <see cref="AsynkitEnvironment.ReportDirectoryVariable"/>.</summary>
internal static class ReportFolder
{
    /// <summary>The report folder: <paramref name="configured"/> when given, else the environment variable's; null when
    /// neither names one (empty or blank counts as none).</summary>
    public static string? Resolve(string? configured)
    {
        string? directory = configured ?? AsynkitEnvironment.ReadReportDirectory();
        return string.IsNullOrWhiteSpace(directory) ? null : directory;
    }
}
