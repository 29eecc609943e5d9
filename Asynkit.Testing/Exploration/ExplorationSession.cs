using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Asynkit.Testing.Exploration;

/// <summary>One call of <see cref="Explorer"/>: runs the schedules, and for a failure shrinks, traces and reports it.</summary>
internal sealed class ExplorationSession
{
    private const string ReportDirectoryVariable = "ASYNKIT_REPORT_DIR";

    private readonly ExplorationOptions _options;
    private readonly ScheduleRunner _runner;
    private readonly string _name;

    public ExplorationSession(Func<Task> test, ExplorationOptions options)
    {
        _options = options;
        _runner = new ScheduleRunner(test, options.LoopOptions, options.MaxSteps);
        _name = options.Name ?? StepDescriber.DescribeMethod(test.Method);
    }

    public ExplorationResult Explore()
    {
        var total = Stopwatch.StartNew();
        int seed = _options.Seed ?? StableSeed(_name);
        StrategyKind kind = _options.Strategy == StrategyKind.Default
            ? (_options.Iterations == 1 ? StrategyKind.Fifo : StrategyKind.Portfolio)
            : _options.Strategy;
        ExplorationStrategy strategy = Create(kind);
        var distinct = new HashSet<ulong>();
        int explored = 0;
        int failed = 0;
        long steps = 0;
        Found? found = null;
        string stop = "";
        int first = _options.FirstSchedule - 1;
        var exploring = Stopwatch.StartNew();

        if (first > 0 && strategy.NeedsCalibration)
        {
            // Schedule 1 (FIFO) calibrates PCT; it runs first even when a later schedule is asked for alone.
            strategy.Begin(0, ScheduleRandom.ScheduleSeed(seed, 0));
            Exception? failure = _runner.Run(strategy, null);
            strategy.Calibrate(_runner.Recorder.Steps);
            if (failure is not null)
            {
                found = new Found(0, failure, Snapshot(null), strategy.Describe(), total.Elapsed);
                explored = failed = 1;
                stop = "schedule 1 (FIFO, run to calibrate PCT) failed";
            }
        }

        for (int index = first; found is null || !_options.StopOnFirstFailure; index++)
        {
            if (index >= first + _options.Iterations)
            {
                stop = $"all {_options.Iterations:N0} iteration(s) ran";
                if (strategy is ExhaustiveStrategy && !strategy.Begin(index, 0))
                {
                    stop += "; every schedule was covered";
                }

                break;
            }

            if (_options.TimeLimit is { } limit && exploring.Elapsed >= limit)
            {
                stop = $"the time limit ({limit}) was reached";
                break;
            }

            if (!strategy.Begin(index, ScheduleRandom.ScheduleSeed(seed, index)))
            {
                stop = strategy.CoveredAll ? "every schedule was covered" : "the strategy has no other schedule (FIFO runs one)";
                break;
            }

            TraceBuilder? trace = _options.TraceEverySchedule || _options.CheckDeterminism ? new TraceBuilder() : null;
            Exception? outcome = _runner.Run(strategy, trace);
            ScheduleRecorder run = _runner.Recorder;
            explored++;
            steps += run.Steps;
            distinct.Add(run.ChoiceHash);
            if (index == 0 && strategy.NeedsCalibration)
            {
                strategy.Calibrate(run.Steps);
            }

            if (outcome is null && !_options.CheckDeterminism)
            {
                continue;
            }

            ScheduleSnapshot snapshot = Snapshot(trace);
            if (_options.CheckDeterminism && outcome is not NondeterminismException)
            {
                outcome = Repeat(snapshot, outcome) ?? outcome;
            }

            if (outcome is not null)
            {
                failed++;
                found ??= new Found(index, outcome, snapshot, strategy.Describe(), total.Elapsed);
                stop = "a schedule failed";
            }
        }

        exploring.Stop();
        bool covered = strategy.CoveredAll && found is null;
        var result = found is null
            ? new ExplorationResult
            {
                Name = _name,
                SchedulesExplored = explored,
                DistinctSchedules = distinct.Count,
                Seed = seed,
                Strategy = kind,
                TotalSteps = steps,
                Elapsed = total.Elapsed,
                SchedulesPerSecond = PerSecond(explored, exploring.Elapsed),
                SpaceCovered = covered,
                IsDeterministic = _runner.Deterministic,
                StopReason = stop,
            }
            : Report(found, kind, seed, explored, distinct.Count, failed, steps, total, exploring.Elapsed, stop);
        return result;
    }

    public ExplorationResult Replay(string token)
    {
        var total = Stopwatch.StartNew();
        RecordedSchedule schedule = ReplayToken.Decode(token);
        var replay = new ReplayStrategy(schedule.Choices, schedule.Steps);
        replay.Begin(0, 0);
        var trace = new TraceBuilder();
        Exception? failure = _runner.Run(replay, trace);
        if (failure is ScheduleDivergedException diverged)
        {
            ExceptionDispatchInfo.Throw(diverged);
        }

        var result = new ExplorationResult
        {
            Name = _name,
            SchedulesExplored = 1,
            DistinctSchedules = 1,
            FailingIteration = failure is null ? null : 1,
            FailedSchedules = failure is null ? 0 : 1,
            Failure = failure,
            ReplayToken = token.Trim(),
            Trace = TraceFormatter.Format(trace.Events, failure),
            TraceEvents = trace.Events,
            FailingStrategy = failure is null ? null : "Replay",
            TotalSteps = _runner.Recorder.Steps,
            Elapsed = total.Elapsed,
            SchedulesPerSecond = PerSecond(1, total.Elapsed),
            IsDeterministic = _runner.Deterministic,
            StopReason = "replayed the schedule of the token",
            IsReplay = true,
        };
        WriteReport(result, "replay");
        return result;
    }

    private static double PerSecond(int count, TimeSpan elapsed) => elapsed > TimeSpan.Zero ? count / elapsed.TotalSeconds : 0;

    private ExplorationStrategy Create(StrategyKind kind) => kind switch
    {
        StrategyKind.Fifo => new FifoStrategy(),
        StrategyKind.Random => new RandomStrategy(),
        StrategyKind.Pct => new PctStrategy(_options.PctDepth),
        StrategyKind.Exhaustive => new ExhaustiveStrategy(_options.PreemptionBound),
        StrategyKind.Portfolio => new PortfolioStrategy(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Explorer runs Fifo, Random, Pct, Exhaustive and Portfolio."),
    };

    private ScheduleSnapshot Snapshot(TraceBuilder? trace)
    {
        ScheduleRecorder run = _runner.Recorder;
        return new ScheduleSnapshot(run.Choices.ToArray(), new ScheduleSize(run.Steps, run.Choices.Length, run.Preemptions, run.NonDefaultChoices), run.StepHash, run.Failure, trace?.Events);
    }

    /// <summary>Runs the schedule of <paramref name="first"/> again; returns a <see cref="NondeterminismException"/> when the
    /// second run differs (other steps, or another outcome), else null.</summary>
    private NondeterminismException? Repeat(ScheduleSnapshot first, Exception? firstOutcome)
    {
        var repeat = new ReplayStrategy(first.Choices, first.Size.Steps, determinismCheck: true);
        repeat.Begin(0, 0);
        var trace = new TraceBuilder();
        Exception? second = _runner.Run(repeat, trace);
        if (second is NondeterminismException nondeterminism)
        {
            return nondeterminism;
        }

        if (_runner.Recorder.StepHash != first.StepHash && first.Events is not null)
        {
            return new NondeterminismException($"uncontrolled nondeterminism: the same schedule ran different steps the second time: {FirstDifference(first.Events, trace.Events)}. Something outside the schedule changes the program's behaviour: Guid.NewGuid, DateTime.Now, Random without a seed, hash order or static state that survives from one run to the next.");
        }

        if (second?.GetType() != firstOutcome?.GetType())
        {
            return new NondeterminismException($"uncontrolled nondeterminism: the same schedule {Outcome(firstOutcome)} the first time and {Outcome(second)} the second time. Something outside the schedule changes the program's behaviour: Guid.NewGuid, DateTime.Now, Random without a seed, hash order or static state that survives from one run to the next.");
        }

        return null;

        static string Outcome(Exception? e) => e is null ? "passed" : $"failed with {e.GetType().Name}";
    }

    private static string FirstDifference(IReadOnlyList<TraceEvent> first, IReadOnlyList<TraceEvent> second)
    {
        List<TraceEvent> a = first.Where(e => e.Kind == TraceEventKind.Step).ToList();
        List<TraceEvent> b = second.Where(e => e.Kind == TraceEventKind.Step).ToList();
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            if (a[i].TaskId != b[i].TaskId || a[i].Detail != b[i].Detail || a[i].Location != b[i].Location)
            {
                return $"step {a[i].Step} ran {Describe(a[i])} the first time and {Describe(b[i])} the second time";
            }
        }

        return a.Count == b.Count
            ? "the steps ran the same tasks but different continuations"
            : $"the first run took {a.Count} steps and the second {b.Count}";

        static string Describe(in TraceEvent e) => $"{TraceFormatter.TaskLabel(e)} at {e.Detail}{(e.Location is null ? "" : $" ({e.Location})")}";
    }

    private ExplorationResult Report(Found found, StrategyKind kind, int seed, int explored, int distinct, int failed, long steps, Stopwatch total, TimeSpan exploring, string stop)
    {
        ChoiceRecord[] choices = found.Schedule.Choices;
        long scheduleSteps = found.Schedule.Size.Steps;
        Exception failure = found.Failure;
        string originalToken = ReplayToken.Encode(choices, scheduleSteps);
        ShrinkReport? shrinking = null;
        // A wall-clock budget failure depends on the machine, not the schedule: replaying or shrinking it would only pay the
        // timeout again, and again.
        bool replayable = failure is not NondeterminismException and not LoopBudgetExceededException { IsWallClock: true } && _runner.Deterministic;
        if (_options.Shrink && replayable)
        {
            var shrinker = new Shrinker(_runner, failure, choices, found.Schedule.Size, _options.ShrinkTimeLimit);
            shrinker.Run();
            choices = shrinker.Choices;
            scheduleSteps = shrinker.Steps;
            failure = shrinker.Failure;
            shrinking = new ShrinkReport(found.Schedule.Size, shrinker.Size, originalToken, shrinker.Attempts, shrinker.Elapsed, shrinker.TimedOut);
        }

        IReadOnlyList<TraceEvent>? events = found.Schedule.Events;
        string? text = null;
        if (replayable)
        {
            // Trace the reported schedule by replaying it exactly.
            text = FailureTracer.Trace(_runner, choices, scheduleSteps, ref failure, " (run with CheckDeterminism to find out why)", out IReadOnlyList<TraceEvent> traced);
            events = traced;
        }
        else if (events is not null)
        {
            text = TraceFormatter.Format(events, failure);
        }

        var result = new ExplorationResult
        {
            Name = _name,
            SchedulesExplored = explored,
            DistinctSchedules = distinct,
            FailingIteration = found.Index + 1,
            FailedSchedules = failed,
            Failure = failure,
            ReplayToken = ReplayToken.Encode(choices, scheduleSteps),
            Trace = text,
            TraceEvents = events,
            Seed = seed,
            Strategy = kind,
            FailingStrategy = found.Strategy,
            TotalSteps = steps,
            Elapsed = total.Elapsed,
            TimeToFirstFailure = found.FoundAfter,
            SchedulesPerSecond = PerSecond(explored, exploring),
            Shrinking = shrinking,
            IsDeterministic = _runner.Deterministic,
            StopReason = stop,
        };
        WriteReport(result, $"seed{seed}-schedule{found.Index + 1}");
        return result;
    }

    private void WriteReport(ExplorationResult result, string suffix)
    {
        string? directory = _options.ReportDirectory ?? Environment.GetEnvironmentVariable(ReportDirectoryVariable);
        if (string.IsNullOrWhiteSpace(directory) || !result.Failed)
        {
            return;
        }

        result.ReportPath = HtmlReport.Write(directory, result, suffix);
    }

    private sealed record ScheduleSnapshot(ChoiceRecord[] Choices, ScheduleSize Size, ulong StepHash, Exception? Failure, IReadOnlyList<TraceEvent>? Events);

    private sealed record Found(int Index, Exception Failure, ScheduleSnapshot Schedule, string Strategy, TimeSpan FoundAfter);

    /// <summary>The seed used when none is given: a stable hash (FNV-1a) of the exploration's name, so that the same test
    /// explores the same schedules on every run and every machine.</summary>
    internal static int StableSeed(string name) => (int)(StableHash.Fnv1a(name) & 0x7FFFFFFF);
}
