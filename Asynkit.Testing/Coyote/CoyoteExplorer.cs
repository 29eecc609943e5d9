using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Coyote;

/// <summary>Runs a test under Coyote 1.7.11's <c>TestingEngine</c>: in loop mode on the AsynkitLoop with Coyote choosing the
/// interleaving (<see cref="StrategyKind.Coyote"/>), or in rewritten mode on a binary-rewritten assembly.</summary>
/// <remarks>
/// Both modes return an <see cref="ExplorationResult"/>: a Coyote bug becomes a failed result that carries Coyote's trace
/// (<see cref="CoyoteResults.get_CoyoteTracePath"/>), and in loop mode our own replay token too. Iterations, seed, step
/// budget, time limit, shrinking and report directory come from <see cref="ExplorationOptions"/>; what only Coyote has
/// comes from <see cref="CoyoteOptions"/>. Coyote's telemetry is off and its log goes to <see cref="CoyoteOptions.Output"/>.
/// <see cref="ExplorationOptions.Replay"/> takes Coyote's trace (the JSON or the path of a .trace file) in both modes, and in
/// loop mode also one of our replay tokens. See docs/coyote.md.
/// </remarks>
public static class CoyoteExplorer
{
    /// <summary>Loop mode: explores the schedules of <paramref name="test"/> on the AsynkitLoop, one Coyote iteration per
    /// schedule, every choice of the loop taken from Coyote's generator. Needs no rewriting.</summary>
    /// <exception cref="ArgumentException">An option is out of range, or the strategy is neither Default nor Coyote.</exception>
    /// <exception cref="InvalidOperationException">Called inside a running loop.</exception>
    /// <exception cref="FormatException"><see cref="ExplorationOptions.Replay"/> is neither a Coyote trace nor a replay token.</exception>
    public static ExplorationResult Explore(Func<Task> test, ExplorationOptions options, CoyoteOptions? coyote = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        coyote ??= new CoyoteOptions();
        EnsureNotInLoop(nameof(Explore));
        CoyoteConfigurations.Validate(options, coyote);
        var driver = new CoyoteLoopDriver(coyote);
        if (options.Replay is { } replay && !driver.CanReplay(replay))
        {
            // Not Coyote's trace: one of our replay tokens, which the explorer replays on the loop alone.
            return Explorer.Replay(test, replay);
        }

        return ExplorationPipeline.Run(driver, test, options, _ => CoyoteSeeds.Pick());
    }

    /// <summary>Rewritten mode: runs <paramref name="test"/>, whose assembly <c>coyote rewrite</c> rewrote, under Coyote's
    /// engine, which then controls its Task.Run, threads, locks and awaits.</summary>
    /// <exception cref="InvalidOperationException">The test's assembly is not rewritten (the message says how to enable it), or
    /// the call is made inside a running loop.</exception>
    /// <exception cref="RewritingGapException">The assembly has calls the rewriter leaves uncontrolled and
    /// <see cref="CoyoteOptions.RewritingGaps"/> is Fail.</exception>
    /// <exception cref="ArgumentException">An option is out of range, or Replay is not a Coyote trace.</exception>
    public static ExplorationResult ExploreRewritten(Func<Task> test, ExplorationOptions options, CoyoteOptions? coyote = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        return ExploreRewritten(test, test.Method.Module.Assembly, options, coyote);
    }

    /// <summary>Rewritten mode for a delegate that calls into <paramref name="rewrittenAssembly"/> without awaiting (the xunit
    /// runner's invoker): that assembly must be rewritten, and is scanned for rewriting gaps.</summary>
    internal static ExplorationResult ExploreRewritten(Func<Task> test, System.Reflection.Assembly rewrittenAssembly, ExplorationOptions options, CoyoteOptions? coyote = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        coyote ??= new CoyoteOptions();
        EnsureNotInLoop(nameof(ExploreRewritten));
        CoyoteConfigurations.Validate(options, coyote);
        string? trace = null;
        string? path = null;
        if (options.Replay is { } replay)
        {
            trace = CoyoteTraceFiles.TryRead(replay, out path)
                ?? throw new ArgumentException("In rewritten mode ExplorationOptions.Replay must be Coyote's trace (its JSON, or the path of the .trace file a failure printed); replay tokens replay loop-mode schedules only.", nameof(options));
        }

        return new CoyoteRewrittenSession(test, rewrittenAssembly, options, coyote).Run(trace, path);
    }

    private static void EnsureNotInLoop(string member)
    {
        if (AsynkitLoop.Current is not null)
        {
            throw new InvalidOperationException($"CoyoteExplorer.{member} runs the test under Coyote's engine, so it cannot be called inside a running AsynkitLoop: call it from the test method itself.");
        }
    }
}
