using System.Diagnostics;
using System.Reflection;
using Asynkit.Testing.Exploration;
using Microsoft.Coyote.SystematicTesting;

namespace Asynkit.Testing.Coyote;

/// <summary>Rewritten mode: the test, from an assembly that <c>coyote rewrite</c> rewrote, runs directly under Coyote's
/// <see cref="TestingEngine"/>; Coyote controls its tasks, threads and locks. No AsynkitLoop is involved.</summary>
internal sealed class CoyoteRewrittenSession
{
    private readonly Func<Task> _test;
    private readonly Assembly _assembly;
    private readonly ExplorationOptions _options;
    private readonly CoyoteOptions _coyote;
    private readonly string _name;
    private readonly Stopwatch _exploring = new();
    private TestingEngine? _engine;
    private int _iterations;
    private bool _timedOut;
    private TimeSpan _engineRan;

    public CoyoteRewrittenSession(Func<Task> test, Assembly assembly, ExplorationOptions options, CoyoteOptions coyote)
    {
        _test = test;
        _assembly = assembly;
        _options = options;
        _coyote = coyote;
        _name = ExplorationPipeline.NameOf(test, options);
    }

    public ExplorationResult Run(string? replayTrace, string? replayPath)
    {
        long started = Stopwatch.GetTimestamp();
        Assembly assembly = _assembly;
        if (!CoyoteRewriting.IsRewritten(assembly))
        {
            throw new InvalidOperationException(
                $"Rewritten mode needs the test's assembly '{assembly.GetName().Name}' to be rewritten by coyote rewrite, and it is not. " +
                "Set <AsynkitCoyoteRewrite>true</AsynkitCoyoteRewrite> in its project (with the Asynkit.Testing package, or by importing " +
                "Asynkit.Testing.Coyote's build/Asynkit.Testing.Coyote.targets) and rebuild; code that stays on the AsynkitLoop needs no rewriting: use loop mode (CoyoteExplorer.Explore).");
        }

        // A delegate outside the rewritten assembly (the xunit invoker's) makes Coyote complain that it is not rewritten: drop that.
        var log = new CoyoteLog(_coyote.Output, _coyote.Verbose, dropNotRewritten: _test.Method.Module.Assembly != assembly);
        IReadOnlyList<RewritingGap> gaps = FindGaps(assembly);
        if (gaps.Count > 0)
        {
            if (_coyote.RewritingGaps == RewritingGapPolicy.Fail)
            {
                throw new RewritingGapException($"Rewritten mode refuses to run '{_name}' (CoyoteOptions.RewritingGaps is Fail): {CoyoteRewriting.Explain(gaps)}", gaps);
            }

            log.Note($"Warning: {CoyoteRewriting.Explain(gaps).TrimEnd()}");
        }

        (int seed, string seedSource) = _options.Seed is { } given ? (given, "set in the options") : CoyoteSeeds.Pick();
        var config = CoyoteConfigurations.Create(_coyote, log, replayTrace is null ? _options.Iterations : 1, seed, _options.MaxSteps, replayTrace);
        using TestingEngine engine = TestingEngine.Create(config, _test);
        _engine = engine;
        engine.SetLogger(log);
        engine.RegisterStartIterationCallBack(OnIterationStart);
        _exploring.Start();
        engine.Run();
        _exploring.Stop();
        _engine = null;
        // Coyote stops at the bug it finds: when its engine returns, the first failure is known (its report comes after).
        _engineRan = Stopwatch.GetElapsedTime(started);
        return Report(engine, gaps, (seed, seedSource), started, replayTrace, replayPath);
    }

    private static IReadOnlyList<RewritingGap> FindGaps(Assembly assembly)
    {
        try
        {
            return CoyoteRewriting.FindGaps(assembly);
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    private void OnIterationStart(uint iteration)
    {
        _iterations = (int)iteration + 1;
        if (_options.TimeLimit is { } limit && _exploring.Elapsed >= limit)
        {
            _timedOut = true;
            _engine!.Stop();
        }
    }

    private ExplorationResult Report(TestingEngine engine, IReadOnlyList<RewritingGap> gaps, (int Seed, string Source) seeded, long started, string? replayTrace, string? replayPath)
    {
        TestReport report = engine.TestReport;
        int seed = seeded.Seed;
        FoundFailure? found = null;
        CoyoteDetails? details = null;
        if (report.NumOfFoundBugs > 0)
        {
            string bugReport = string.Join(Environment.NewLine, report.BugReports);
            string? tracePath = replayTrace is null ? CoyoteTraceFiles.Write(engine, CoyoteTraceFiles.Directory(_options, _coyote), _name, seed) : replayPath;
            string message = bugReport;
            if (gaps.Count > 0 && (bugReport.Contains("not intercepted", StringComparison.Ordinal) || bugReport.Contains("uncontrolled", StringComparison.OrdinalIgnoreCase) || bugReport.Contains("Deadlock", StringComparison.Ordinal)))
            {
                message += $"{Environment.NewLine}This may come from calls coyote rewrite leaves uncontrolled: {CoyoteRewriting.Explain(gaps)}";
            }

            // No run on our loop, so no token, no shrinking and no replayed trace: Coyote's trace is what replays it.
            found = new FoundFailure(_iterations, $"{CoyoteConfigurations.Describe(_coyote)}, rewritten", _engineRan,
                new CoyoteBugException(message, bugReport, tracePath), Run: null, Trace: engine.ReadableTrace);
            details = new CoyoteDetails(replayTrace ?? engine.ReproducibleTrace, tracePath);
        }

        ExplorationStop stop = found is not null ? (replayTrace is null ? new ExplorationStop(StopReason.ScheduleFailed, "Coyote found a bug") : new ExplorationStop(StopReason.Replayed, "replayed Coyote's trace"))
            : replayTrace is not null ? new ExplorationStop(StopReason.Replayed, "replayed Coyote's trace: the bug did not reproduce")
            : _timedOut ? ExplorationStop.TimeLimit(_options.TimeLimit!.Value)
            : ExplorationStop.IterationsRan(_iterations);
        if (report.UncontrolledInvocations.Count > 0)
        {
            stop = stop.WithNote($"; Coyote saw uncontrolled calls: {string.Join(", ", report.UncontrolledInvocations.Order(StringComparer.Ordinal))}");
        }

        var tally = new ExplorationTally
        {
            Name = _name,
            Seed = seed,
            SeedSource = seeded.Source,
            Iterations = _options.Iterations,
            Strategy = StrategyKind.Coyote,
            Started = started,
            Stop = stop,
            Explored = _iterations,
            Failed = found is null ? 0 : 1,
            Steps = (long)report.TotalExploredFairSteps + report.TotalExploredUnfairSteps,
            Exploring = _exploring.Elapsed,
        };
        return new FailureReporter(null, _options).Report(tally, found, $"coyote-rewritten-seed{seed}", details);
    }
}
