using System.Globalization;
using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>The outcome of an exploration: whether a schedule failed, how to replay it, its trace, and statistics.</summary>
public sealed class ExplorationResult
{
    internal ExplorationResult()
    {
    }

    /// <summary>True when a schedule failed.</summary>
    public bool Failed => Failure is not null;

    /// <summary>The test's name, as used in reports.</summary>
    public string Name { get; internal init; } = "";

    /// <summary>How many schedules ran (a repeat for the determinism check is not counted again).</summary>
    public int SchedulesExplored { get; internal init; }

    /// <summary>How many of them were different, by a hash of their choice sequences.</summary>
    public int DistinctSchedules { get; internal init; }

    /// <summary>The 1-based number of the first failing schedule, or null.</summary>
    public int? FailingIteration { get; internal init; }

    /// <summary>How many schedules failed (1 unless <see cref="ExplorationOptions.StopOnFirstFailure"/> is false).</summary>
    public int FailedSchedules { get; internal init; }

    /// <summary>The failure of the reported (shrunk) schedule: the test's own exception, or a loop failure such as a deadlock.</summary>
    public Exception? Failure { get; internal init; }

    /// <summary>The token that replays the reported (shrunk) failing schedule exactly.</summary>
    public string? ReplayToken { get; internal init; }

    /// <summary>The readable interleaving of the reported failing schedule: one line per step, the failure at the end.</summary>
    public string? Trace { get; internal init; }

    /// <summary>The exploration's seed (the one given, or the one picked).</summary>
    public int Seed { get; internal init; }

    /// <summary>The strategy used.</summary>
    public StrategyKind Strategy { get; internal init; }

    /// <summary>What ran the failing schedule ("PCT depth 2", "Random", ...), or null.</summary>
    public string? FailingStrategy { get; internal init; }

    /// <summary>Steps taken by all schedules (repeats, shrinking and the traced replay excluded).</summary>
    public long TotalSteps { get; internal init; }

    /// <summary>Wall-clock time of the exploration, shrinking and reporting included.</summary>
    public TimeSpan Elapsed { get; internal init; }

    /// <summary>Wall-clock time from the start of the exploration until the first failing schedule finished (before
    /// shrinking, tracing and reporting; in Coyote's rewritten mode, until Coyote's engine returned with the bug); null when
    /// nothing failed.</summary>
    public TimeSpan? TimeToFirstFailure { get; internal init; }

    /// <summary>Schedules explored per second of exploring (shrinking and reporting excluded).</summary>
    public double SchedulesPerSecond { get; internal init; }

    /// <summary>True when exhaustive search enumerated every schedule (within <see cref="ExplorationOptions.PreemptionBound"/>):
    /// with no failure, that proves no schedule in that space fails.</summary>
    public bool SpaceCovered { get; internal init; }

    /// <summary>What shrinking did, or null when it did not run.</summary>
    public ShrinkReport? Shrinking { get; internal init; }

    /// <summary>The HTML report written for the failure, or null.</summary>
    public string? ReportPath { get; internal set; }

    /// <summary>False when work from other threads was let into a run (LoopOptions.Escapes = Wait): replay is then not exact.</summary>
    public bool IsDeterministic { get; internal init; } = true;

    /// <summary>Why the exploration stopped ("a schedule failed", "all 1,000 iterations ran", ...).</summary>
    public string StopReason { get; internal init; } = "";

    /// <summary>For <see cref="StrategyKind.Coyote"/>: Coyote's reproducible trace (JSON) of the failing iteration, or null.</summary>
    public string? CoyoteTrace { get; internal init; }

    /// <summary>For <see cref="StrategyKind.Coyote"/>: the file Coyote's reproducible trace was written to, or null.</summary>
    public string? CoyoteTracePath { get; internal init; }

    internal IReadOnlyList<TraceEvent>? TraceEvents { get; init; }

    /// <summary>Throws <see cref="ExplorationFailedException"/> (the failure as its inner exception) when a schedule failed.</summary>
    /// <exception cref="ExplorationFailedException">A schedule failed; the message starts with the replay token.</exception>
    public void ThrowIfFailed()
    {
        if (Failure is { } failure)
        {
            throw new ExplorationFailedException(ToString(), failure, ReplayToken, Trace);
        }
    }

    /// <summary>The text report: verdict, replay token, failure, shrinking, statistics, report path and trace.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Failure is { } failure)
        {
            text.Append(CultureInfo.InvariantCulture, $"'{Name}' failed in schedule {FailingIteration} ({StrategyText()}).").AppendLine();
            if (ReplayToken is not null)
            {
                text.Append("Replay: ").AppendLine(ReplayToken);
            }

            if (CoyoteTracePath is not null)
            {
                text.Append("Coyote trace: ").Append(CoyoteTracePath).AppendLine(" (to replay it, pass this path as Replay)");
            }

            text.Append(failure.GetType().Name).Append(": ").AppendLine(failure.Message);
            if (Shrinking is not null)
            {
                text.Append("Shrinking: ").AppendLine(Shrinking.ToString());
            }
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"'{Name}' passed {SchedulesExplored:N0} schedule(s) ({StrategyText()}).").AppendLine();
        }

        text.Append("Statistics: ").AppendLine(Statistics());
        text.Append("Stopped: ").AppendLine(StopReason);
        if (!IsDeterministic)
        {
            text.AppendLine("Warning: work from other threads was let into the runs (LoopOptions.Escapes = Wait); replay is not exact.");
        }

        if (ReportPath is not null)
        {
            text.Append("Report: ").AppendLine(ReportPath);
        }

        if (Trace is not null)
        {
            text.AppendLine("Trace of the failing schedule:").Append(Trace);
        }

        return text.ToString();
    }

    internal bool IsReplay { get; init; }

    internal string StrategyText()
    {
        if (IsReplay)
        {
            return "replay of a token";
        }

        string kind = Strategy.ToString();
        if (Strategy == StrategyKind.Fifo)
        {
            return "Fifo: asyncio order";
        }

        return FailingStrategy is null || FailingStrategy.StartsWith(kind, StringComparison.Ordinal)
            ? $"{FailingStrategy ?? kind}, seed {Seed}"
            : $"{kind}: {FailingStrategy}, seed {Seed}";
    }

    /// <summary>"N schedules explored (M distinct), S steps, T ms (R schedules/s)"; "(M distinct)" is left out when not measured (Coyote rewritten mode).</summary>
    public string Statistics() =>
        string.Create(CultureInfo.InvariantCulture, $"{SchedulesExplored:N0} schedule(s) explored{(DistinctSchedules > 0 ? $" ({DistinctSchedules:N0} distinct)" : "")}, {TotalSteps:N0} steps, {Elapsed.TotalMilliseconds:N1} ms ({SchedulesPerSecond:N0} schedules/s){(SpaceCovered ? "; every schedule covered" : "")}");
}
