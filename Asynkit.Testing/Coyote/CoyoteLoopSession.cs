using System.Diagnostics;
using Asynkit.Testing.Exploration;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;

namespace Asynkit.Testing.Coyote;

/// <summary>Loop mode: one Coyote iteration per schedule. Each iteration runs the test on a fresh <see cref="AsynkitLoop"/>
/// whose choices come from Coyote's generator; a failing schedule becomes a Coyote bug (with Coyote's trace), and is
/// shrunk, traced and reported with our own replay token too.</summary>
internal sealed class CoyoteLoopSession
{
    private readonly ExplorationOptions _options;
    private readonly CoyoteOptions _coyote;
    private readonly ScheduleRunner _runner;
    private readonly CoyoteChoiceStrategy _strategy;
    private readonly string _name;
    private readonly HashSet<ulong> _distinct = [];
    /// <summary>From the start of <see cref="Run"/>: the first failure's time is read from it.</summary>
    private readonly Stopwatch _total = new();
    private TimeSpan _engineRan;
    private readonly Stopwatch _exploring = new();
    private TestingEngine? _engine;
    private int _explored;
    private long _steps;
    private bool _timedOut;
    private Found? _found;

    public CoyoteLoopSession(Func<Task> test, ExplorationOptions options, CoyoteOptions coyote)
    {
        _options = options;
        _coyote = coyote;
        _runner = new ScheduleRunner(test, options.LoopOptions, options.MaxSteps);
        _strategy = new CoyoteChoiceStrategy(CoyoteConfigurations.Describe(coyote));
        _name = options.Name ?? StepDescriber.DescribeMethod(test.Method);
    }

    /// <summary>Explores; with <paramref name="replayTrace"/>, replays that Coyote trace instead (one iteration).</summary>
    public ExplorationResult Run(string? replayTrace, string? replayPath)
    {
        _total.Restart();
        int seed = _options.Seed ?? CoyoteSeeds.Pick();
        var log = new CoyoteLog(_coyote.Output, _coyote.Verbose, dropNotRewritten: true);
        var config = CoyoteConfigurations.Create(_coyote, log, replayTrace is null ? _options.Iterations : 1, seed,
            // One above the loop's own budget, so that a livelock fails as the loop's LoopBudgetExceededException.
            _options.MaxSteps + 1L, replayTrace);
        using (TestingEngine engine = TestingEngine.Create(config, RunIteration))
        {
            _engine = engine;
            engine.SetLogger(log);
            _exploring.Start();
            engine.Run();
            _exploring.Stop();
            _engineRan = _total.Elapsed;
            _engine = null;
            return Report(engine, seed, replayTrace, replayPath);
        }
    }

    private void RunIteration()
    {
        if (_options.TimeLimit is { } limit && _exploring.Elapsed >= limit)
        {
            _timedOut = true;
            _engine!.Stop();
            return;
        }

        _strategy.Begin(_explored, 0);
        Exception? failure = _runner.Run(_strategy, null);
        ScheduleRecorder run = _runner.Recorder;
        _explored++;
        _steps += run.Steps;
        _distinct.Add(run.ChoiceHash);

        // Coyote's own control flow (its step bound ended the iteration, a replayed trace did not match): Coyote handles it.
        _strategy.CoyoteSignal?.Throw();
        if (failure is null)
        {
            return;
        }

        _found = new Found(_explored, _total.Elapsed, failure, run.Choices.ToArray(), new ScheduleSize(run.Steps, run.Choices.Length, run.Preemptions, run.NonDefaultChoices));
        Specification.Assert(false, $"Schedule {_explored} failed: {failure.GetType().FullName}: {failure.Message}");
    }

    private ExplorationResult Report(TestingEngine engine, int seed, string? replayTrace, string? replayPath)
    {
        string stop = replayTrace is not null ? "replayed Coyote's trace"
            : _timedOut ? $"the time limit ({_options.TimeLimit}) was reached"
            : $"all {_explored:N0} iteration(s) ran";
        var common = new Common(seed, stop);
        if (_found is { } found)
        {
            string? tracePath = replayTrace is null
                ? CoyoteTraceFiles.Write(engine, CoyoteTraceFiles.Directory(_options, _coyote), _name, seed)
                : replayPath;
            return ReportFailure(found, common with { Stop = replayTrace is null ? "a schedule failed" : stop }, replayTrace ?? engine.ReproducibleTrace, tracePath);
        }

        if (engine.TestReport.NumOfFoundBugs > 0)
        {
            // A bug Coyote found by itself (an internal check), not a failure of the test's schedule.
            string report = string.Join(Environment.NewLine, engine.TestReport.BugReports);
            string? tracePath = CoyoteTraceFiles.Write(engine, CoyoteTraceFiles.Directory(_options, _coyote), _name, seed);
            var bug = new CoyoteBugException($"Coyote reported a bug outside the test's own failures: {report}", report, tracePath);
            return Build(common with { Stop = "Coyote reported a bug" }, bug, null, null, null, null, _explored, engine.ReproducibleTrace, tracePath, _engineRan);
        }

        return Build(common, null, null, null, null, null, null, replayTrace, replayPath);
    }

    private ExplorationResult ReportFailure(Found found, Common common, string? coyoteTrace, string? tracePath)
    {
        ChoiceRecord[] choices = found.Choices;
        long steps = found.Size.Steps;
        Exception failure = found.Failure;
        ShrinkReport? shrinking = null;
        bool replayable = _runner.Deterministic;
        if (_options.Shrink && replayable && common.Stop == "a schedule failed")
        {
            string originalToken = ReplayToken.Encode(choices, steps);
            var shrinker = new Shrinker(_runner, failure, choices, found.Size, _options.ShrinkTimeLimit);
            shrinker.Run();
            choices = shrinker.Choices;
            steps = shrinker.Steps;
            failure = shrinker.Failure;
            shrinking = new ShrinkReport(found.Size, shrinker.Size, originalToken, shrinker.Attempts, shrinker.Elapsed, shrinker.TimedOut);
        }

        IReadOnlyList<TraceEvent>? events = null;
        string? text = null;
        if (replayable)
        {
            // Trace the reported schedule by replaying it on our own loop (no Coyote needed for that).
            text = FailureTracer.Trace(_runner, choices, steps, ref failure, "", out IReadOnlyList<TraceEvent> traced);
            events = traced;
        }

        return Build(common, failure, ReplayToken.Encode(choices, steps), text, events, shrinking, found.Iteration, coyoteTrace, tracePath, found.FoundAfter);
    }

    private ExplorationResult Build(Common common, Exception? failure, string? token, string? trace, IReadOnlyList<TraceEvent>? events,
        ShrinkReport? shrinking, int? failingIteration, string? coyoteTrace, string? coyoteTracePath, TimeSpan? foundAfter = null)
    {
        var result = new ExplorationResult
        {
            Name = _name,
            SchedulesExplored = _explored,
            DistinctSchedules = _distinct.Count,
            FailingIteration = failure is null ? null : failingIteration,
            FailedSchedules = failure is null ? 0 : 1,
            Failure = failure,
            ReplayToken = token,
            Trace = trace,
            TraceEvents = events,
            Seed = common.Seed,
            Strategy = StrategyKind.Coyote,
            FailingStrategy = failure is null ? null : _strategy.Describe(),
            TotalSteps = _steps,
            Elapsed = _total.Elapsed,
            TimeToFirstFailure = failure is null ? null : foundAfter,
            SchedulesPerSecond = _exploring.Elapsed > TimeSpan.Zero ? _explored / _exploring.Elapsed.TotalSeconds : 0,
            Shrinking = shrinking,
            IsDeterministic = _runner.Deterministic,
            StopReason = common.Stop,
            CoyoteTrace = failure is null ? null : coyoteTrace,
            CoyoteTracePath = failure is null ? null : coyoteTracePath,
        };
        CoyoteReports.WriteHtml(_options, result, $"coyote-seed{common.Seed}");
        return result;
    }

    private sealed record Found(int Iteration, TimeSpan FoundAfter, Exception Failure, ChoiceRecord[] Choices, ScheduleSize Size);

    private sealed record Common(int Seed, string Stop);
}
