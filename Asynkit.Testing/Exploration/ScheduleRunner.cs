namespace Asynkit.Testing.Exploration;

/// <summary>Runs the test under one schedule at a time, each on a fresh <see cref="AsynkitLoop"/>.</summary>
/// <remarks>The loop options are cloned once. An idle loop decides between deadlock and escape from what its tasks await, with
/// no grace period (only a loop without thread-pool control waits for posts from other threads before it decides).</remarks>
internal sealed class ScheduleRunner
{
    private readonly Func<Task> _test;
    private readonly LoopOptions _loopOptions;
    private readonly ScheduleRecorder _recorder = new();

    /// <param name="test">The test, run once per schedule as the loop's main task.</param>
    /// <param name="template">The loop options of every run (cloned), or null for the defaults.</param>
    /// <param name="maxSteps">Each run's step budget.</param>
    /// <param name="fairFromStep">The step from which the strategies schedule fairly (liveness bounds count from it); null keeps the template's.</param>
    public ScheduleRunner(Func<Task> test, LoopOptions? template, long maxSteps, long? fairFromStep = null)
    {
        _test = test;
        _loopOptions = template?.Clone() ?? new LoopOptions();
        _loopOptions.MaxSteps = maxSteps;
        _loopOptions.FairFromStep = fairFromStep ?? _loopOptions.FairFromStep;
        _loopOptions.Strategy = _recorder;
    }

    /// <summary>A runner of the same test with the same options and its own recorder, for another thread.</summary>
    public ScheduleRunner Fork() => new(_test, _loopOptions, _loopOptions.MaxSteps);

    /// <summary>Counts the runs of a forked runner as this runner's own (their steps, and whether they stayed deterministic).</summary>
    public void Absorb(ScheduleRunner fork)
    {
        ArgumentNullException.ThrowIfNull(fork);
        Runs += fork.Runs;
        Collisions += fork.Collisions;
        TotalSteps += fork.TotalSteps;
        Deterministic &= fork.Deterministic;
    }

    /// <summary>Steps taken by every run so far.</summary>
    public long TotalSteps { get; private set; }

    /// <summary>Runs made so far (schedules, repeats, shrinking candidates, replays).</summary>
    public int Runs { get; private set; }

    /// <summary>False once a run let in work from another thread (LoopOptions.Escapes = Wait): such runs cannot be replayed exactly.</summary>
    public bool Deterministic { get; private set; } = true;

    /// <summary>Runs the test once under <paramref name="strategy"/>'s current schedule; returns the run as a value.</summary>
    /// <param name="strategy">Chooses at every choice point.</param>
    /// <param name="trace">Records the run's trace, or null.</param>
    /// <param name="keepSchedule">Keep the schedule of a passing run too (a failing run always keeps it).</param>
    /// <param name="recording">False: a strategy that <see cref="ExplorationStrategy.RerunsFromSeed"/> runs an untraced schedule
    /// without a record of its choices (only their count and hash); a failing one must then be run again.</param>
    /// <remarks>A divergence seen by the strategy (replay mismatch, nondeterminism) wins over the run's own outcome.</remarks>
    public ScheduleRun Run(ExplorationStrategy strategy, TraceBuilder? trace, bool keepSchedule = false, bool recording = true)
    {
        uint loopSeed = strategy.LoopRandomSeed ?? ScheduleRandom.LoopSeed((ulong)Runs);
        for (int attempt = 1; ; attempt++)
        {
            (AsynkitLoop loop, Exception? failure) = RunOnce(strategy, trace, recording || keepSchedule, loopSeed);
            if (loop.IdCollisionSeen && attempt < MaxAttempts && strategy.CanRestart)
            {
                // A work item of this run shared its 26-bit hash code with other pending work (the only identity the thread
                // pool's events carry), so a pool thread may have run another item's turn: the run may not have followed its
                // schedule. Run the schedule again; a second collision in the same schedule is about as likely as winning twice.
                Runs++;
                Collisions++;
                strategy.Restart();
                trace?.Clear();
                continue;
            }

            return Finish(strategy, trace, keepSchedule, loop, failure);
        }
    }

    /// <summary>How many times a schedule runs at most when work-item hash codes collided in it (1 in the collision benchmark's
    /// baseline rows).</summary>
    internal static int MaxAttempts { get; set; } = 3;

    /// <summary>Schedules run again because a work item's hash code collided in them (<see cref="AsynkitLoop.IdCollisionSeen"/>).</summary>
    public int Collisions { get; private set; }

    private (AsynkitLoop Loop, Exception? Failure) RunOnce(ExplorationStrategy strategy, TraceBuilder? trace, bool recording, uint loopSeed)
    {
        _recorder.Reset(strategy, trace, recording);
        Exception? failure = null;
        var loop = new AsynkitLoop(_loopOptions);
        loop.SeedRandom(loopSeed);
        try
        {
            _recorder.Attach(loop);
            failure = loop.RunUntilCompleteCapturing(_test);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            loop.Dispose();
        }

        return (loop, failure);
    }

    private ScheduleRun Finish(ExplorationStrategy strategy, TraceBuilder? trace, bool keepSchedule, AsynkitLoop loop, Exception? failure)
    {
        if (!loop.IsDeterministic)
        {
            Deterministic = false;
        }

        Runs++;
        TotalSteps += _recorder.Steps;
        _recorder.Complete();
        strategy.End(_recorder, failure);
        Exception? outcome = _recorder.Divergence ?? failure;
        if (outcome is NondeterminismException nondeterminism)
        {
            outcome = Explain(nondeterminism);
        }

        ScheduleRun run = _recorder.ToRun(outcome, keepSchedule);
        if (loop.CoverageCounts is { } coverage)
        {
            run = run with { Coverage = coverage };
        }

        IReadOnlyList<string> warnings = loop.Warnings;
        if (warnings.Count == 0)
        {
            return run;
        }

        foreach (string warning in warnings)
        {
            trace?.Warning(warning);
        }

        return run with { Warnings = warnings };
    }

    /// <summary>The exception with its list of causes narrowed to what the test's code calls (<see cref="NondeterminismSources"/>).</summary>
    public NondeterminismException Explain(NondeterminismException error) => NondeterminismSources.Explain(error, _test);
}
