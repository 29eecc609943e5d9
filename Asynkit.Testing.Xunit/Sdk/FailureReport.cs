using System.Globalization;
using System.Text;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>The texts an Asynkit test reports: the failure message (what reproduces it first, then the failure, the shrinking,
/// the statistics and the trace), the pass summary, and the text report written to ASYNKIT_REPORT_DIR.</summary>
internal static class FailureReport
{
    /// <summary>The most trace lines a failure message shows.</summary>
    public const int MaxTraceLines = 150;

    /// <summary>The line to paste over the test method to replay <paramref name="token"/>.</summary>
    public static string ReplayLine(TestIdentity identity, string token) =>
        $"[{identity.AttributeName}(Replay = \"{ReplayScope.Scope(token, identity.RowKey)}\")]";

    /// <summary>The message of a failed test.</summary>
    public static string Message(ExplorationPlan plan, ExplorationResult result, string? textReportPath)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(result);
        Exception failure = result.Failure ?? throw new ArgumentException("The result has no failure.", nameof(result));
        var text = new StringBuilder();
        if (IsTimeout(plan, failure))
        {
            text.Append(CultureInfo.InvariantCulture, $"Test execution timed out after {plan.TimeoutMilliseconds:N0} ms (Timeout).").AppendLine();
        }

        switch (plan.Mode)
        {
            case AsynkitMode.Exploration:
                text.Append(CultureInfo.InvariantCulture, $"Asynkit: iteration {result.FailingIteration:N0} of {plan.TotalIterations:N0}{plan.IterationsSource} failed ");
                text.Append(CultureInfo.InvariantCulture, $"({result.Strategy}{(result.FailingStrategy is { } how ? ": " + how : "")}; seed {result.Seed}, {plan.SeedSource}{ShardText(plan)}).").AppendLine();
                AppendReplay(text, plan, result);
                break;
            case AsynkitMode.Replay:
                text.AppendLine("Asynkit: the replayed schedule failed.");
                AppendReplay(text, plan, result);
                break;
            default:
                text.AppendLine("Asynkit: the test failed in its one deterministic run (FIFO order); running it again reproduces the failure.");
                if (!IsTimeout(plan, failure))
                {
                    AppendReplay(text, plan, result);
                }

                break;
        }

        text.Append(failure.GetType().Name).Append(": ").AppendLine(failure.Message);
        if (result.Shrinking is { } shrinking)
        {
            text.Append("Shrinking: ").AppendLine(shrinking.ToString());
        }

        if (plan.Mode == AsynkitMode.Exploration)
        {
            text.Append("Statistics: ").AppendLine(Explored(result));
        }

        if (!result.IsDeterministic)
        {
            text.AppendLine("Warning: work from other threads was let into the runs (LoopOptions.Escapes = Wait): the replay may not be exact.");
        }

        if (result.ReportPath is not null)
        {
            text.Append("HTML report: ").AppendLine(result.ReportPath);
        }

        if (textReportPath is not null)
        {
            text.Append("Text report: ").AppendLine(textReportPath);
        }

        if (IsTimeout(plan, failure))
        {
            text.AppendLine("(No trace: a wall-clock timeout depends on the machine's speed, not on the schedule.)");
        }
        else if (result.Trace is not null)
        {
            text.AppendLine("Trace of the failing schedule:").Append(Shorten(result.Trace, textReportPath));
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The output line of a passing test, or null when there is nothing to say (a FIFO run).</summary>
    public static string? PassSummary(ExplorationPlan plan, ExplorationResult result)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(result);
        return plan.Mode switch
        {
            AsynkitMode.Exploration => string.Create(CultureInfo.InvariantCulture,
                $"Asynkit: {Explored(result)} ({result.Strategy}; seed {result.Seed}, {plan.SeedSource}{ShardText(plan)}{(result.SpaceCovered ? "; every schedule was covered" : "")})."),
            AsynkitMode.Replay => "Asynkit: the replayed schedule passed.",
            _ => null,
        };
    }

    /// <summary>"explored N schedules (M distinct) in T".</summary>
    public static string Explored(ExplorationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture,
            $"explored {result.SchedulesExplored:N0} schedule{(result.SchedulesExplored == 1 ? "" : "s")}{(result.DistinctSchedules > 0 ? $" ({result.DistinctSchedules:N0} distinct)" : "")} in {Duration(result.Elapsed)}");
    }

    /// <summary>"850 ms", "1.25 s", "3 min 4 s".</summary>
    public static string Duration(TimeSpan elapsed) =>
        elapsed < TimeSpan.FromSeconds(1) ? string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalMilliseconds:N0} ms")
        : elapsed < TimeSpan.FromMinutes(1) ? string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:N2} s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes} min {elapsed.Seconds} s");

    /// <summary>Where the text report of a failure goes: beside the HTML report, else in the report directory; null for none.</summary>
    public static string? TextReportPath(ExplorationPlan plan, ExplorationResult result)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(result);
        if (result.ReportPath is { } html)
        {
            return Path.ChangeExtension(html, ".txt");
        }

        return plan.ReportDirectory is { } directory ? Path.GetFullPath(Path.Combine(directory, FileName(plan.Identity.FullName) + ".txt")) : null;
    }

    /// <summary>Writes the text report: the message, the exception with its stack trace, the failing run's test output, and the
    /// whole trace when the message had to shorten it.</summary>
    public static void WriteText(string path, string message, ExplorationResult result, string output)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder(message).AppendLine().AppendLine();
        text.AppendLine("Exception:").AppendLine(result.Failure?.ToString());
        if (output.Length > 0)
        {
            text.AppendLine().AppendLine("Test output of the failing schedule:").Append(output);
        }

        if (result.Trace is { } trace && !ReferenceEquals(Shorten(trace, path), trace))
        {
            text.AppendLine().AppendLine("Whole trace of the failing schedule:").Append(trace);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString(), Encoding.UTF8);
    }

    private static void AppendReplay(StringBuilder text, ExplorationPlan plan, ExplorationResult result)
    {
        if (result.CoyoteTracePath is { } coyoteTrace)
        {
            text.Append("Coyote trace: ").AppendLine(coyoteTrace);
        }

        if (result.ReplayToken is null && result.CoyoteTracePath is { } path && plan.Mode != AsynkitMode.Replay)
        {
            // Rewritten mode has no replay token: Coyote's trace is what replays it.
            text.Append("Replay it in one run by pasting: ").AppendLine(CoyoteRun.ReplayLine(plan.Identity, path));
        }

        if (result.ReplayToken is not { } token)
        {
            return;
        }

        text.Append("Replay it in one run by pasting: ").AppendLine(ReplayLine(plan.Identity, token));
        if (plan.Identity.RowKey is not null)
        {
            text.Append("(The token is scoped to the row ").Append(plan.Identity.RowDisplay).AppendLine("; the other rows run as before.)");
        }
    }

    /// <summary>Keeps the head and the tail of a long trace (a livelock runs to its step budget): the middle is in the text report.</summary>
    internal static string Shorten(string trace, string? textReportPath)
    {
        string[] lines = trace.Split('\n');
        if (lines.Length <= MaxTraceLines)
        {
            return trace;
        }

        int head = MaxTraceLines / 3;
        int tail = MaxTraceLines - head;
        string where = textReportPath is null ? $"set {AsynkitEnvironment.ReportDirectoryVariable} to keep the whole trace" : "the whole trace is in the text report";
        return string.Join('\n', lines[..head])
            + string.Create(CultureInfo.InvariantCulture, $"\n  ... {lines.Length - MaxTraceLines:N0} lines left out ({where}) ...\n")
            + string.Join('\n', lines[^tail..]);
    }

    private static bool IsTimeout(ExplorationPlan plan, Exception failure) =>
        plan.TimeoutMilliseconds > 0 && failure is LoopBudgetExceededException && failure.Message.Contains("WallClockTimeout", StringComparison.Ordinal);

    private static string ShardText(ExplorationPlan plan) =>
        plan.Shard is { } shard && plan.Options is { } options
            ? string.Create(CultureInfo.InvariantCulture, $"; shard {shard} runs iterations {options.FirstSchedule:N0}-{options.FirstSchedule + options.Iterations - 1:N0}")
            : "";

    private static string FileName(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        string safe = text.ToString();
        return safe.Length <= 80 ? safe : $"{safe[..80]}-{StableHash.Hex(name)}";
    }
}
