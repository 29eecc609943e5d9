using System.Diagnostics;

namespace Asynkit.Testing.Exploration;

/// <summary>The one failure pipeline, whatever driver ran the schedules: the found schedule is shrunk (when it can be
/// replayed), traced by replaying it exactly, encoded as a replay token, built into the result, and written as an HTML report.</summary>
/// <remarks>Drivers only produce schedule runs and a tally; this class is the only place that builds an
/// <see cref="ExplorationResult"/>, and it never changes one after building it.</remarks>
internal sealed class FailureReporter
{
    private const string DeterminismHint = " (run with CheckDeterminism to find out why)";

    private readonly ScheduleRunner? _runner;
    private readonly ExplorationOptions _options;

    /// <param name="runner">The runner that ran the schedules on our loop (it reruns them to shrink and trace), or null when
    /// they ran elsewhere (Coyote's rewritten mode).</param>
    /// <param name="options">The exploration's options: shrinking, its time limit, the report directory.</param>
    public FailureReporter(ScheduleRunner? runner, ExplorationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _runner = runner;
        _options = options;
    }

    /// <summary>The result of an exploration that found <paramref name="found"/> (null: nothing failed).</summary>
    /// <param name="tally">The driver's figures.</param>
    /// <param name="found">The first failure, or null.</param>
    /// <param name="reportSuffix">The end of the HTML report's file name ("seed1-schedule3").</param>
    /// <param name="details">What only the driver knows (Coyote's trace), or null.</param>
    public ExplorationResult Report(ExplorationTally tally, FoundFailure? found, string reportSuffix, IResultDetails? details = null)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (found is null)
        {
            return Build(tally, UnmetCoverage(tally), reportSuffix, details);
        }

        Exception failure = found.Failure;
        ShrinkReport? shrinking = null;
        string? trace = found.Trace;
        string? token = null;
        IReadOnlyList<TraceEvent>? events = null;
        IReadOnlyList<string>? warnings = null;
        if (found.Run is { } run)
        {
            events = run.Events;
            warnings = run.Warnings;
            bool replayable = IsReplayable(failure) && run.KeptSchedule is not null;
            if (replayable && _options.Shrink && tally.Stop.Reason != StopReason.Replayed)
            {
                var shrinker = new Shrinker(_runner!, run, _options.ShrinkTimeLimit);
                shrinker.Run();
                run = shrinker.Best;
                failure = run.Failure!;
                shrinking = shrinker.Report();
            }

            if (replayable)
            {
                // Trace the reported schedule by replaying it exactly.
                (trace, events, failure, warnings) = TraceByReplay(run.Schedule, failure, tally.CanCheckDeterminism ? DeterminismHint : "");
            }
            else if (events is not null)
            {
                trace = TraceFormatter.Format(events, failure);
            }

            // Every failing run keeps its schedule, except a wall-clock budget failure of a schedule that ran unrecorded.
            token = run.KeptSchedule is { } schedule ? ReplayToken.Encode(schedule) : null;
        }

        var reported = new ReportedSchedule(found.Iteration, found.Strategy, found.FoundAfter, failure, token, trace, events, shrinking) { Warnings = warnings };
        return Build(tally, reported, reportSuffix, details);
    }

    /// <summary>The result of replaying <paramref name="token"/>: <paramref name="run"/> ran with a trace, passed or failed.</summary>
    public ExplorationResult ReportReplay(ExplorationTally tally, ScheduleRun run, string token)
    {
        bool failed = run.Failure is not null;
        var reported = new ReportedSchedule(failed ? 1 : null, failed ? "Replay" : null, null, run.Failure, token, TraceFormatter.Format(run.Events ?? [], run.Failure), run.Events, null) { Warnings = run.Warnings };
        return Build(tally, reported, "replay", null);
    }

    /// <summary>With <see cref="ExplorationOptions.RequireCoverage"/>, after every schedule passed: the failure naming the labels
    /// no schedule reached, or null when all were. No schedule is at fault, so there is no token, no trace and no shrinking.</summary>
    private ReportedSchedule? UnmetCoverage(ExplorationTally tally)
    {
        if (!_options.RequireCoverage || tally.Coverage is null)
        {
            return null; // not asked for, or the driver ran the schedules where no label is counted (Coyote's rewritten mode)
        }

        IReadOnlyList<CoverageLabel> labels = CoverageOf(tally);
        List<CoverageLabel> unmet = labels.Where(l => !l.IsReached).ToList();
        if (unmet.Count == 0)
        {
            return null;
        }

        string message = FormattableString.Invariant($"coverage not met: {unmet.Count} of {labels.Count} coverage label(s) never reached in {tally.Explored:N0} schedule(s): ")
            + string.Join("; ", unmet.Select(l => l.Describe(tally.Explored)))
            + ". Explore more schedules, or check that the test can reach them (the same seed and iterations reproduce this).";
        var failure = new CoverageException(message, [.. unmet.Select(l => l.Label)]);
        return new ReportedSchedule(null, null, null, failure, null, null, null, null);
    }

    /// <summary>The exploration's coverage labels, the declared ones included.</summary>
    private IReadOnlyList<CoverageLabel> CoverageOf(ExplorationTally tally) =>
        tally.Coverage?.Labels(_options.CoverageLabels) ?? new CoverageTally().Labels(_options.CoverageLabels);

    /// <summary>A wall-clock budget failure depends on the machine, not the schedule: replaying or shrinking it would only pay
    /// the timeout again, and again. A nondeterministic one would not replay the same way.</summary>
    private bool IsReplayable(Exception failure) =>
        failure is not NondeterminismException and not LoopBudgetExceededException { IsWallClock: true } && _runner!.Deterministic;

    /// <summary>Replays <paramref name="schedule"/> with a trace; the formatted trace, plus a note when the replay passed or
    /// failed differently (a nondeterministic test). The failure becomes the replay's own exception when it is of the same
    /// type (its stack then matches the trace).</summary>
    private (string Trace, IReadOnlyList<TraceEvent> Events, Exception Failure, IReadOnlyList<string>? Warnings) TraceByReplay(RecordedSchedule schedule, Exception failure, string hint)
    {
        var replay = new ReplayStrategy(schedule);
        replay.Begin(0, 0);
        ScheduleRun traced = _runner!.Run(replay, new TraceBuilder());
        IReadOnlyList<TraceEvent> events = traced.Events!;
        if (traced.Failure?.GetType() == failure.GetType())
        {
            return (TraceFormatter.Format(events, traced.Failure), events, traced.Failure, traced.Warnings);
        }

        string note = $"Note: replaying this schedule to trace it {(traced.Failure is null ? "passed" : $"failed with {traced.Failure.GetType().Name}")} instead of failing with {failure.GetType().Name}: the test is not deterministic{hint}.";
        return (TraceFormatter.Format(events, failure) + note + Environment.NewLine, events, failure, traced.Warnings);
    }

    private ExplorationResult Build(ExplorationTally tally, ReportedSchedule? reported, string reportSuffix, IResultDetails? details)
    {
        string? directory = reported?.Failure is null ? null : ReportFolder.Resolve(_options.ReportDirectory);
        string? reportPath = directory is null ? null : HtmlReport.PathFor(directory, tally.Name, reportSuffix);
        var result = new ExplorationResult(tally, reported, Stopwatch.GetElapsedTime(tally.Started), _runner?.Deterministic ?? true, reportPath, details) { Coverage = CoverageOf(tally), CollisionReruns = _runner?.Collisions ?? 0 };
        if (reportPath is not null && HtmlReport.TryWrite(reportPath, result) is { } problem)
        {
            // The failure, its token and its trace stay; the message says why there is no report.
            return new ExplorationResult(tally, reported, Stopwatch.GetElapsedTime(tally.Started), _runner?.Deterministic ?? true, null, details) { ReportProblem = problem, Coverage = result.Coverage, CollisionReruns = result.CollisionReruns };
        }

        return result;
    }
}
