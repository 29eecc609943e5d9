using System.Diagnostics;
using Asynkit.Testing.Exploration;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;

namespace Asynkit.Testing.Coyote;

/// <summary>Coyote's engine as an exploration driver (loop mode): one Coyote iteration per schedule, each running the test on a
/// fresh <see cref="AsynkitLoop"/> whose choices come from Coyote's generator. A failing schedule becomes a Coyote bug (with
/// Coyote's trace); the failure pipeline then shrinks, traces and reports it with our own replay token too.</summary>
/// <remarks>One instance explores once: <see cref="ExplorationDrivers"/> creates one per exploration, by name.</remarks>
internal sealed class CoyoteLoopDriver : IExplorationDriver
{
    private readonly CoyoteOptions _coyote;
    private readonly CoyoteChoiceStrategy _strategy;
    private readonly HashSet<ulong> _distinct = [];
    private readonly CoverageTally _coverage = new();
    private readonly Stopwatch _exploring = new();
    private DriverContext? _context;
    private TestingEngine? _engine;
    private TimeSpan _engineRan;
    private int _explored;
    private long _steps;
    private bool _timedOut;
    private FoundFailure? _found;

    /// <summary>With Coyote's default options: the driver <see cref="Explorer"/> dispatches <see cref="StrategyKind.Coyote"/> to.</summary>
    public CoyoteLoopDriver()
        : this(new CoyoteOptions())
    {
    }

    public CoyoteLoopDriver(CoyoteOptions coyote)
    {
        _coyote = coyote;
        _strategy = new CoyoteChoiceStrategy(CoyoteConfigurations.Describe(coyote));
    }

    public bool CanReplay(string replay) => CoyoteTraceFiles.TryRead(replay, out _) is not null;

    /// <summary>Explores; with a Coyote trace as <see cref="ExplorationOptions.Replay"/>, replays that trace instead (one
    /// iteration). The entry point has validated the options (<see cref="CoyoteConfigurations.Validate"/>).</summary>
    public DriverOutcome Explore(DriverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ExplorationOptions options = context.Options;
        string? replayPath = null;
        string? replayTrace = options.Replay is { } replay ? CoyoteTraceFiles.TryRead(replay, out replayPath) : null;
        _context = context;
        var log = new CoyoteLog(_coyote.Output, _coyote.Verbose, dropNotRewritten: true);
        var config = CoyoteConfigurations.Create(_coyote, log, replayTrace is null ? options.Iterations : 1, context.Seed,
            // One above the loop's own budget, so that a livelock fails as the loop's LoopBudgetExceededException.
            options.MaxSteps + 1L, replayTrace);
        using TestingEngine engine = TestingEngine.Create(config, RunIteration);
        _engine = engine;
        engine.SetLogger(log);
        _exploring.Start();
        engine.Run();
        _exploring.Stop();
        _engineRan = Stopwatch.GetElapsedTime(context.Started);
        _engine = null;
        return Outcome(engine, replayTrace, replayPath);
    }

    private void RunIteration()
    {
        DriverContext context = _context!;
        if (context.Options.TimeLimit is { } limit && _exploring.Elapsed >= limit)
        {
            _timedOut = true;
            _engine!.Stop();
            return;
        }

        _strategy.Begin(_explored, 0);
        ScheduleRun run = context.Runner.Run(_strategy, null);
        _explored++;
        _coverage.Add(_explored, run.Coverage);
        _steps += run.Size.Steps;
        _distinct.Add(run.ChoiceHash);

        // Coyote's own control flow (its step bound ended the iteration, a replayed trace did not match): Coyote handles it.
        _strategy.CoyoteSignal?.Throw();
        if (run.Failure is not { } failure)
        {
            return;
        }

        _found = new FoundFailure(_explored, _strategy.Describe(), Stopwatch.GetElapsedTime(context.Started), failure, run);
        Specification.Assert(false, $"Schedule {_explored} failed: {failure.GetType().FullName}: {failure.Message}");
    }

    private DriverOutcome Outcome(TestingEngine engine, string? replayTrace, string? replayPath)
    {
        DriverContext context = _context!;
        ExplorationStop stop = replayTrace is not null ? new ExplorationStop(StopReason.Replayed, "replayed Coyote's trace")
            : _timedOut ? ExplorationStop.TimeLimit(context.Options.TimeLimit!.Value)
            : ExplorationStop.IterationsRan(_explored);
        FoundFailure? found = _found;
        CoyoteDetails? details = null;
        if (found is not null)
        {
            string? tracePath = replayTrace is null ? WriteTraceFiles(engine) : replayPath;
            details = new CoyoteDetails(replayTrace ?? engine.ReproducibleTrace, tracePath);
            stop = replayTrace is null ? ExplorationStop.ScheduleFailed : stop;
        }
        else if (engine.TestReport.NumOfFoundBugs > 0)
        {
            // A bug Coyote found by itself (an internal check), not a failure of the test's schedule.
            string report = string.Join(Environment.NewLine, engine.TestReport.BugReports);
            string? tracePath = WriteTraceFiles(engine);
            var bug = new CoyoteBugException($"Coyote reported a bug outside the test's own failures: {report}", report, tracePath);
            found = new FoundFailure(_explored, _strategy.Describe(), _engineRan, bug, Run: null);
            details = new CoyoteDetails(engine.ReproducibleTrace, tracePath);
            stop = new ExplorationStop(StopReason.EngineReported, "Coyote reported a bug");
        }

        var tally = new ExplorationTally
        {
            Name = context.Name,
            Seed = context.Seed,
            SeedSource = context.SeedSource,
            Iterations = context.Options.Iterations,
            Strategy = StrategyKind.Coyote,
            Started = context.Started,
            Stop = stop,
            Explored = _explored,
            Distinct = _distinct.Count,
            Failed = found is null ? 0 : 1,
            Steps = _steps,
            Exploring = _exploring.Elapsed,
            Coverage = _coverage,
        };
        return new DriverOutcome(tally, found, $"coyote-seed{context.Seed}", details);
    }

    private string? WriteTraceFiles(TestingEngine engine) =>
        CoyoteTraceFiles.Write(engine, CoyoteTraceFiles.Directory(_context!.Options, _coyote), _context.Name, _context.Seed);
}
