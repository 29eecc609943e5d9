namespace Asynkit.Testing.Exploration;

/// <summary>Traces a reported failing schedule by replaying it exactly, and notes when the replay does not fail the same way.</summary>
internal static class FailureTracer
{
    /// <summary>Replays (<paramref name="choices"/>, <paramref name="steps"/>) with a trace; the formatted trace, plus a note
    /// when the replay passed or failed differently (a non-deterministic test). <paramref name="failure"/> becomes the
    /// replay's own exception when it is of the same type (its stack then matches the trace).</summary>
    internal static string Trace(ScheduleRunner runner, ChoiceRecord[] choices, long steps, ref Exception failure, string hint, out IReadOnlyList<TraceEvent> events)
    {
        var replay = new ReplayStrategy(choices, steps);
        replay.Begin(0, 0);
        var trace = new TraceBuilder();
        Exception? traced = runner.Run(replay, trace);
        events = trace.Events;
        string? note = null;
        if (traced?.GetType() == failure.GetType())
        {
            failure = traced;
        }
        else
        {
            note = $"Note: replaying this schedule to trace it {(traced is null ? "passed" : $"failed with {traced.GetType().Name}")} instead of failing with {failure.GetType().Name}: the test is not deterministic{hint}.";
        }

        return TraceFormatter.Format(events, failure) + (note is null ? "" : note + Environment.NewLine);
    }
}
