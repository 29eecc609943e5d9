using System.Globalization;

namespace Asynkit.Testing.Exploration;

/// <summary>One planned test, run for a test framework: the schedules on a watched loop thread, then the result in the
/// framework's terms: one exception whose message starts with what reproduces the failure (its text report beside the HTML
/// one), or a summary line. Every surface runs through here: <see cref="AsynkitTest"/> and the xunit adapters.</summary>
internal sealed class TestRun
{
    /// <summary>The test's plan (mode, options, seed and iteration sources).</summary>
    public required TestPlan Plan { get; init; }

    /// <summary>Sees each run of the body; the same watch must wrap the body that <see cref="Explore"/> runs.</summary>
    public required RunWatch Watch { get; init; }

    /// <summary>Runs the exploration with the plan's options (Explorer.Explore, or Coyote's entry).</summary>
    public required Func<ExplorationOptions, ExplorationResult> Explore { get; init; }

    /// <summary>How the failure text words this surface's replay lines, given the text report's path (or null).</summary>
    public required Func<string?, FailureSurface> Surface { get; init; }

    /// <summary>Where summary lines go (the test's output).</summary>
    public required Action<string> WriteLine { get; init; }

    /// <summary>The output of the last run of the body, for the text report.</summary>
    public Func<string> LastRunOutput { get; init; } = static () => "";

    /// <summary>The loop thread's name.</summary>
    public string ThreadName { get; init; } = "Asynkit loop";

    /// <summary>Run the schedules in a clean ExecutionContext (see <see cref="LoopThread.Run"/>).</summary>
    public bool Isolate { get; init; }

    /// <summary>Runs the test: returns the passing result (null when this shard had nothing to run), or throws.</summary>
    /// <exception cref="ExplorationFailedException">A schedule failed.</exception>
    /// <exception cref="TimeoutException">The test's timeout ended the exploration before its schedules ran.</exception>
    public ExplorationResult? Execute()
    {
        if (Plan.Options is not { } options)
        {
            WriteLine($"Asynkit: shard {Plan.Shard} has no schedule to run: {Plan.EmptyShardReason}.");
            return null;
        }

        ExplorationResult result = LoopThread.Run(() => Explore(options), Watch, options.LoopOptions!.WallClockTimeout, ThreadName, Isolate);
        if (result.Failed)
        {
            throw Failure(result);
        }

        if (Plan.Mode == TestMode.Exploration && Plan.TimeoutMilliseconds > 0 && result.SchedulesExplored < options.Iterations && !result.SpaceCovered
            && result.Elapsed >= TimeSpan.FromMilliseconds(Plan.TimeoutMilliseconds))
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"Test execution timed out after {Plan.TimeoutMilliseconds:N0} ms (Timeout): Asynkit {FailureText.Explored(result)} of the {options.Iterations:N0} asked for, and none failed. Raise Timeout or lower Iterations."));
        }

        if (Plan.Mode != TestMode.Fifo || result.Warnings.Count > 0)
        {
            WriteLine(FailureText.PassSummary(result, Surface(null)));
        }

        return result;
    }

    private ExplorationFailedException Failure(ExplorationResult result)
    {
        FailureSurface surface = Surface(TextReport.PathFor(result));
        string message = FailureText.Message(result, surface);
        if (surface.TextReportPath is not null && TextReport.TryWrite(surface, message, result, LastRunOutput()) is { } problem)
        {
            message = FailureText.Message(result, surface with { TextReportPath = null }) + Environment.NewLine + "Text report: not written: " + problem;
        }

        return ExplorationFailedException.ForTestFramework(message, result);
    }
}
