using System.Globalization;

namespace Asynkit.Testing.Exploration;

/// <summary>The outcome of an exploration: whether a schedule failed, how to replay it, its trace, and statistics.</summary>
public sealed class ExplorationResult
{
    /// <summary>Built by the failure pipeline (<see cref="FailureReporter"/>) only, complete: a result never changes.</summary>
    internal ExplorationResult(ExplorationTally tally, ReportedSchedule? reported, TimeSpan elapsed, bool isDeterministic, string? reportPath, IResultDetails? details)
    {
        Name = tally.Name;
        SchedulesExplored = tally.Explored;
        DistinctSchedules = tally.Distinct;
        FailingIteration = reported?.Failure is null ? null : reported.Iteration;
        FailedSchedules = tally.Failed;
        Failure = reported?.Failure;
        ReplayToken = reported?.ReplayToken;
        Trace = reported?.Trace;
        TraceEvents = reported?.Events;
        Seed = tally.Seed;
        Strategy = tally.Strategy;
        FailingStrategy = reported?.Failure is null ? null : reported.Strategy;
        TotalSteps = tally.Steps;
        Elapsed = elapsed;
        TimeToFirstFailure = reported?.Failure is null ? null : reported.FoundAfter;
        SchedulesPerSecond = tally.SchedulesPerSecond;
        SpaceCovered = tally.SpaceCovered;
        Shrinking = reported?.Shrinking;
        ReportPath = reportPath;
        IsDeterministic = isDeterministic;
        StopReason = tally.Stop.Text;
        IsReplay = tally.IsReplay;
        IterationsAsked = tally.Iterations;
        SeedSource = tally.SeedSource;
        Details = details;
        Warnings = (reported is null ? tally.Warnings : reported.Warnings) ?? [];
    }

    /// <summary>True when a schedule failed.</summary>
    public bool Failed => Failure is not null;

    /// <summary>The test's name, as used in reports.</summary>
    public string Name { get; }

    /// <summary>How many schedules ran (a repeat for the determinism check is not counted again).</summary>
    public int SchedulesExplored { get; }

    /// <summary>How many of them were different, by a hash of their choice sequences.</summary>
    public int DistinctSchedules { get; }

    /// <summary>The 1-based number of the first failing schedule, or null.</summary>
    public int? FailingIteration { get; }

    /// <summary>How many schedules failed (1 unless <see cref="ExplorationOptions.StopOnFirstFailure"/> is false).</summary>
    public int FailedSchedules { get; }

    /// <summary>The failure of the reported (shrunk) schedule: the test's own exception, or a loop failure such as a deadlock.</summary>
    public Exception? Failure { get; }

    /// <summary>The token that replays the reported (shrunk) failing schedule exactly.</summary>
    public string? ReplayToken { get; }

    /// <summary>The readable interleaving of the reported failing schedule: one line per step, the failure at the end.</summary>
    public string? Trace { get; }

    /// <summary>The exploration's seed (the one given, or the one picked).</summary>
    public int Seed { get; }

    /// <summary>The strategy used.</summary>
    public StrategyKind Strategy { get; }

    /// <summary>What ran the failing schedule ("PCT depth 2", "Random", ...), or null.</summary>
    public string? FailingStrategy { get; }

    /// <summary>Steps taken by all schedules (repeats, shrinking and the traced replay excluded).</summary>
    public long TotalSteps { get; }

    /// <summary>Wall-clock time of the exploration, shrinking and reporting included.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Wall-clock time from the start of the exploration until the first failing schedule finished (before
    /// shrinking, tracing and reporting; in Coyote's rewritten mode, until Coyote's engine returned with the bug); null when
    /// nothing failed.</summary>
    public TimeSpan? TimeToFirstFailure { get; }

    /// <summary>Schedules explored per second of exploring (shrinking and reporting excluded).</summary>
    public double SchedulesPerSecond { get; }

    /// <summary>True when exhaustive search enumerated every schedule (within <see cref="ExplorationOptions.PreemptionBound"/>):
    /// with no failure, that proves no schedule in that space fails.</summary>
    public bool SpaceCovered { get; }

    /// <summary>What shrinking did, or null when it did not run.</summary>
    public ShrinkReport? Shrinking { get; }

    /// <summary>The HTML report written for the failure, or null.</summary>
    public string? ReportPath { get; }

    /// <summary>Why the HTML report of the failure could not be written, or null.</summary>
    public string? ReportProblem { get; internal init; }

    /// <summary>Schedules run a second time because one of their thread-pool work items shared its hash code with other pending
    /// work (the only identity the runtime's thread-pool events carry, 26 bits), so that a pool thread may have run the wrong
    /// item's turn. Almost always 0; a schedule's result is always that of a run without a collision.</summary>
    public int CollisionReruns { get; internal init; }

    /// <summary>False when work from other threads was let into a run (LoopOptions.Escapes = Wait): replay is then not exact.</summary>
    public bool IsDeterministic { get; }

    /// <summary>What the runs noted without failing: exceptions leftover tasks raised while they were cancelled at the end of a run
    /// (see <see cref="LoopOptions.LeftoverTaskExceptions"/>), real-time timers still armed at the end, a replay whose recorded
    /// schedule no longer exists. For a failure, those of the reported schedule; for a pass, those of every explored schedule.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Why the exploration stopped ("a schedule failed", "all 1,000 iterations ran", ...).</summary>
    public string StopReason { get; }

    /// <summary>The coverage labels over every schedule explored (<see cref="Testing.Coverage"/> and
    /// <see cref="ExplorationOptions.CoverageLabels"/>), by label; empty when the test uses none.</summary>
    public IReadOnlyList<CoverageLabel> Coverage { get; internal init; } = [];

    internal IReadOnlyList<TraceEvent>? TraceEvents { get; }

    /// <summary>What only the driver that ran the schedules knows (Coyote's trace), or null.</summary>
    internal IResultDetails? Details { get; }

    /// <summary>How many schedules the exploration was asked to run.</summary>
    internal int IterationsAsked { get; }

    /// <summary>Where <see cref="Seed"/> came from ("derived from the name 'Test'").</summary>
    internal string SeedSource { get; }

    internal bool IsReplay { get; }

    /// <summary>Throws <see cref="ExplorationFailedException"/> (the failure as its inner exception) when a schedule failed.</summary>
    /// <exception cref="ExplorationFailedException">A schedule failed; the message starts with the replay token.</exception>
    public void ThrowIfFailed()
    {
        if (Failure is { } failure)
        {
            throw new ExplorationFailedException(ToString(), failure, ReplayToken, Trace);
        }
    }

    /// <summary>The text report: what reproduces the failure (a replay token), the failure, shrinking, statistics, report path
    /// and trace; or, for a pass, one summary line. The wording is that of the test attributes' failure messages.</summary>
    public override string ToString()
    {
        FailureSurface surface = FailureSurface.Of(this);
        return Failed ? FailureText.Message(this, surface) : FailureText.PassSummary(this, surface);
    }

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
