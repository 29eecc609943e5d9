namespace Asynkit.Testing.Exploration;

/// <summary>A schedule as a replay token carries it: every choice, and the number of steps the run took.</summary>
internal sealed record RecordedSchedule(ChoiceRecord[] Choices, long Steps);
