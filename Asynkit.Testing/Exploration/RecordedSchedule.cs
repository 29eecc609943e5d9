namespace Asynkit.Testing.Exploration;

/// <summary>A schedule as a replay token carries it: every choice, and the number of steps the run took.</summary>
internal sealed record RecordedSchedule(ChoiceRecord[] Choices, long Steps)
{
    /// <summary>The seed the loop's <see cref="AsynkitLoop.Random"/> drew from, when the run drew from it; else null.</summary>
    public uint? RandomSeed { get; init; }
}
