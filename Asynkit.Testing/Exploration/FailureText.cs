using System.Globalization;
using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>The one writer of what a result says, for every surface (a test framework's failure message, the text of
/// <see cref="ExplorationResult"/>): what reproduces the failure first, then the failure, the shrinking, the statistics, the
/// reports and the trace; or, for a pass, one summary line.</summary>
internal static class FailureText
{
    /// <summary>The text of a failed result.</summary>
    public static string Message(ExplorationResult result, FailureSurface surface)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(surface);
        Exception failure = result.Failure ?? throw new ArgumentException("The result has no failure.", nameof(result));
        bool timeout = IsTimeout(surface, failure);
        var text = new StringBuilder();
        if (timeout)
        {
            text.Append(CultureInfo.InvariantCulture, $"Test execution timed out after {surface.TimeoutMilliseconds:N0} ms (Timeout).").AppendLine();
        }

        switch (surface.Mode)
        {
            case TestMode.Exploration when failure is CoverageException:
                text.Append(CultureInfo.InvariantCulture, $"Asynkit: all {result.SchedulesExplored:N0} schedule(s) passed, but coverage was not met ({result.Strategy}; seed {result.Seed}, {surface.SeedSource}{surface.ShardText}); ");
                text.AppendLine("the same seed and iterations reproduce it (no single schedule is at fault, so there is no replay token).");
                break;
            case TestMode.Exploration:
                text.Append(CultureInfo.InvariantCulture, $"Asynkit: iteration {result.FailingIteration:N0} of {surface.TotalIterations:N0}{surface.IterationsSource} failed ");
                text.Append(CultureInfo.InvariantCulture, $"({result.Strategy}{(result.FailingStrategy is { } how ? ": " + how : "")}; seed {result.Seed}, {surface.SeedSource}{surface.ShardText}).").AppendLine();
                AppendReplay(text, surface, result);
                break;
            case TestMode.Replay:
                text.AppendLine("Asynkit: the replayed schedule failed.");
                AppendReplay(text, surface, result);
                break;
            case TestMode.Fifo when failure is CoverageException:
                text.AppendLine("Asynkit: the test passed in its one deterministic run (FIFO order), but coverage was not met; running it again reproduces this.");
                break;
            default:
                text.AppendLine("Asynkit: the test failed in its one deterministic run (FIFO order); running it again reproduces the failure.");
                if (!timeout)
                {
                    AppendReplay(text, surface, result);
                }

                break;
        }

        text.Append(failure.GetType().Name).Append(": ").AppendLine(failure.Message);
        AppendWarnings(text, result);
        AppendCoverage(text, result);
        if (result.Shrinking is { } shrinking)
        {
            text.Append("Shrinking: ").AppendLine(shrinking.ToString());
        }

        if (surface.Mode == TestMode.Exploration)
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
        else if (result.ReportProblem is { } problem)
        {
            text.Append("HTML report: not written: ").AppendLine(problem);
        }

        if (surface.TextReportPath is not null)
        {
            text.Append("Text report: ").AppendLine(surface.TextReportPath);
        }

        if (timeout)
        {
            text.AppendLine("(No trace: a wall-clock timeout depends on the machine's speed, not on the schedule.)");
        }
        else if (result.Trace is not null)
        {
            text.AppendLine("Trace of the failing schedule:").Append(Shorten(WithoutFailure(result.Trace, failure), surface));
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The one line of a passed result.</summary>
    public static string PassSummary(ExplorationResult result, FailureSurface surface)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(surface);
        string summary = surface.Mode switch
        {
            TestMode.Exploration => string.Create(CultureInfo.InvariantCulture,
                $"Asynkit: {Explored(result)} ({result.Strategy}; seed {result.Seed}, {surface.SeedSource}{surface.ShardText}{(result.SpaceCovered ? "; every schedule was covered" : "")})."),
            TestMode.Replay => "Asynkit: the replayed schedule passed.",
            _ => "Asynkit: the test passed in its one deterministic run (FIFO order).",
        };
        if (result.Warnings.Count == 0 && result.Coverage.Count == 0)
        {
            return summary;
        }

        var text = new StringBuilder(summary).AppendLine();
        AppendWarnings(text, result);
        AppendCoverage(text, result);
        return text.ToString().TrimEnd();
    }

    /// <summary>One "Coverage: ..." line per coverage label of the result.</summary>
    private static void AppendCoverage(StringBuilder text, ExplorationResult result)
    {
        foreach (CoverageLabel label in result.Coverage)
        {
            text.Append("Coverage: ").AppendLine(label.Describe(result.SchedulesExplored));
        }
    }

    /// <summary>One "Warning: ..." line per warning of the result.</summary>
    private static void AppendWarnings(StringBuilder text, ExplorationResult result)
    {
        foreach (string warning in result.Warnings)
        {
            text.Append("Warning: ").AppendLine(warning);
        }
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

    /// <summary>Keeps the head and the tail of a long trace (a livelock runs to its step budget): the middle is in the text
    /// report. Returns <paramref name="trace"/> itself when nothing is left out.</summary>
    public static string Shorten(string trace, FailureSurface surface)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(surface);
        string[] lines = trace.Split('\n');
        if (surface.MaxTraceLines is not { } max || lines.Length <= max)
        {
            return trace;
        }

        int head = max / 3;
        int tail = max - head;
        string where = surface.TextReportPath is null ? $"set {AsynkitEnvironment.ReportDirectoryVariable} to keep the whole trace" : "the whole trace is in the text report";
        return string.Join('\n', lines[..head])
            + string.Create(CultureInfo.InvariantCulture, $"\n  ... {lines.Length - max:N0} lines left out ({where}) ...\n")
            + string.Join('\n', lines[^tail..]);
    }

    /// <summary>The trace without its closing "Failure: ..." lines: the message states the failure once, above the trace.</summary>
    internal static string WithoutFailure(string trace, Exception failure)
    {
        string marker = $"Failure: {failure.GetType().Name}: ";
        int start = trace.LastIndexOf("\n" + marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return trace;
        }

        int end = trace.IndexOf('\n', start + 1);
        while (end >= 0 && end + 1 < trace.Length && trace[end + 1] == ' ' && trace.AsSpan(end + 1).StartsWith("  "))
        {
            end = trace.IndexOf('\n', end + 1);
        }

        return end < 0 ? trace[..(start + 1)] : string.Concat(trace.AsSpan(0, start + 1), trace.AsSpan(end + 1));
    }

    /// <summary>The driver's own replay lines (Coyote's trace), then the replay token's.</summary>
    private static void AppendReplay(StringBuilder text, FailureSurface surface, ExplorationResult result)
    {
        result.Details?.AppendReplay(text, surface, result.ReplayToken is not null);
        if (result.ReplayToken is not { } token)
        {
            return;
        }

        text.Append("Replay it in one run by pasting: ").AppendLine(surface.ReplayLine(token));
        if (surface.ReplayNote is not null)
        {
            text.AppendLine(surface.ReplayNote);
        }
    }

    private static bool IsTimeout(FailureSurface surface, Exception failure) =>
        surface.TimeoutMilliseconds > 0 && failure is LoopBudgetExceededException { IsWallClock: true };
}
