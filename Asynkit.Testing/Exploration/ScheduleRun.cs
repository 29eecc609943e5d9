namespace Asynkit.Testing.Exploration;

/// <summary>One run of one schedule, as a value: the schedule it took, its size, its fingerprints, how it ended, and its
/// trace events when it was traced.</summary>
/// <remarks>A passing run keeps no copy of its choices unless its runner was asked to (the determinism check replays it):
/// nothing else reads them, and the copy would cost an array per schedule (a tenth of what a tiny schedule allocates).
/// Every failing run has its <see cref="Schedule"/>.</remarks>
/// <param name="KeptSchedule">Every choice and the step count, or null for a passing run that did not keep it.</param>
/// <param name="Size">Steps, choices, preemptions and non-default choices.</param>
/// <param name="ChoiceHash">A hash of the sequence of (kind, count, chosen): equal for equal schedules.</param>
/// <param name="StepHash">A hash of which task and which continuation ran at each step, for traced runs (the determinism check
/// compares two traced runs); untraced runs leave it at its start value.</param>
/// <param name="Failure">How the run failed (a divergence seen by the strategy wins over the run's own outcome); null when it passed.</param>
/// <param name="Events">The run's trace events, or null when it ran without a trace.</param>
internal readonly record struct ScheduleRun(RecordedSchedule? KeptSchedule, ScheduleSize Size, ulong ChoiceHash, ulong StepHash, Exception? Failure, IReadOnlyList<TraceEvent>? Events)
{
    /// <summary>True when the run kept no record of its choices (ScheduleRunner.Run with recording: false): a failing one has no
    /// <see cref="Schedule"/> until it is run again, recorded; its size counts no preemptions.</summary>
    public bool Unrecorded { get; init; }

    /// <summary>What the run noted without failing (<see cref="AsynkitLoop.Warnings"/>), or null for nothing.</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The coverage labels the run evaluated (<see cref="Testing.Coverage"/>), or null for none.</summary>
    public IReadOnlyDictionary<string, CoverageCount>? Coverage { get; init; }

    /// <summary>Every choice the run made and its step count: what a replay token encodes.</summary>
    /// <exception cref="InvalidOperationException">The run passed and its schedule was not kept.</exception>
    public RecordedSchedule Schedule => KeptSchedule ?? throw new InvalidOperationException(Unrecorded
        ? "This schedule ran without a record of its choices (ScheduleRunner.Run with recording: false); run it again recorded."
        : "This passing schedule run did not keep its schedule (ScheduleRunner.Run with keepSchedule: true does).");
}
