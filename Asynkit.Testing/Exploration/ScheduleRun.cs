namespace Asynkit.Testing.Exploration;

/// <summary>One run of one schedule, as a value: the schedule it took, its size, its fingerprints, how it ended, and its
/// trace events when it was traced.</summary>
/// <param name="Schedule">Every choice the run made and its step count: what a replay token encodes.</param>
/// <param name="Size">Steps, choices, preemptions and non-default choices.</param>
/// <param name="ChoiceHash">A hash of the sequence of (kind, count, chosen): equal for equal schedules.</param>
/// <param name="StepHash">A hash of which task and which continuation ran at each step: the determinism check compares it.</param>
/// <param name="Failure">How the run failed (a divergence seen by the strategy wins over the run's own outcome); null when it passed.</param>
/// <param name="Events">The run's trace events, or null when it ran without a trace.</param>
internal sealed record ScheduleRun(RecordedSchedule Schedule, ScheduleSize Size, ulong ChoiceHash, ulong StepHash, Exception? Failure, IReadOnlyList<TraceEvent>? Events);
