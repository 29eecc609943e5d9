using System.Security.Cryptography;
using System.Text;
using Asynkit.Testing.Exploration;
using Microsoft.Coyote.SystematicTesting;

namespace Asynkit.Testing.Coyote;

/// <summary>Where Coyote's trace files go, writing them, and reading a trace back for replay.</summary>
internal static class CoyoteTraceFiles
{
    /// <summary>CoyoteOptions.TraceDirectory, else the report folder, else the temp folder's asynkit-coyote.</summary>
    public static string Directory(ExplorationOptions options, CoyoteOptions coyote) =>
        ReportFolder.Resolve(coyote.TraceDirectory ?? options.ReportDirectory) ?? Path.Combine(Path.GetTempPath(), "asynkit-coyote");

    /// <summary>Writes Coyote's reports of the bug the engine found (readable .txt, reproducible .trace, ...) and returns the
    /// path of the reproducible trace, or null when the engine has none.</summary>
    public static string? Write(TestingEngine engine, string directory, string name, int seed)
    {
        if (string.IsNullOrEmpty(engine.ReproducibleTrace))
        {
            return null;
        }

        System.IO.Directory.CreateDirectory(directory);
        // The trace's own hash keeps tests that share a name and a seed (but not a program) from overwriting each other.
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(engine.ReproducibleTrace)).AsSpan(0, 4));
        engine.TryEmitReports(directory, $"{ReportFileName.Of(name, "coyote")}-seed{seed}-{hash}", out IEnumerable<string> paths);
        return paths.FirstOrDefault(p => p.EndsWith(".trace", StringComparison.Ordinal));
    }

    /// <summary>Reads a replay string as Coyote's trace: the trace's JSON itself, or the path of a file holding it; null when it
    /// is neither (then it may be one of our replay tokens).</summary>
    public static string? TryRead(string replay, out string? path)
    {
        path = null;
        string text = replay.Trim();
        if (text.StartsWith('{'))
        {
            return text;
        }

        if (text.IndexOfAny(Path.GetInvalidPathChars()) < 0 && File.Exists(text))
        {
            path = Path.GetFullPath(text);
            string json = File.ReadAllText(path).Trim();
            if (!json.StartsWith('{'))
            {
                throw new FormatException($"'{path}' does not hold a Coyote reproducible trace (JSON): pass the .trace file a Coyote failure printed.");
            }

            return json;
        }

        return null;
    }
}
