namespace Asynkit.Testing.Exploration;

/// <summary><see cref="ExplorationOptions.CheckDeterminism"/>: runs a schedule a second time and compares the two runs.</summary>
internal static class DeterminismCheck
{
    /// <summary>Runs the schedule of <paramref name="first"/> (which ran with a trace) again; returns a
    /// <see cref="NondeterminismException"/> when the second run differs (other steps, or another outcome), else null.</summary>
    public static NondeterminismException? Repeat(ScheduleRunner runner, ScheduleRun first)
    {
        var repeat = new ReplayStrategy(first.Schedule, determinismCheck: true);
        repeat.Begin(0, 0);
        ScheduleRun second = runner.Run(repeat, new TraceBuilder());
        if (second.Failure is NondeterminismException nondeterminism)
        {
            return nondeterminism;
        }

        if (second.StepHash != first.StepHash && first.Events is not null)
        {
            return runner.Explain(new NondeterminismException($"uncontrolled nondeterminism: the same schedule ran different steps the second time: {FirstDifference(first.Events, second.Events!)}. {NondeterminismException.Causes}"));
        }

        if (second.Failure?.GetType() != first.Failure?.GetType())
        {
            return runner.Explain(new NondeterminismException($"uncontrolled nondeterminism: the same schedule {Outcome(first.Failure)} the first time and {Outcome(second.Failure)} the second time. {NondeterminismException.Causes}"));
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
}
