namespace Asynkit.Testing.Exploration;

/// <summary>A schedule as a replay token carries it: every choice, the number of steps the run took, the budgets it ran under,
/// and the seed of the loop's Random when the run drew from it.</summary>
internal sealed record RecordedSchedule(ChoiceRecord[] Choices, long Steps)
{
    /// <summary>The budgets the schedule ran under (a decoded token: those it records; null where it records none).</summary>
    public ScheduleBudgets Budgets { get; init; }

    /// <summary>The seed the loop's <see cref="AsynkitLoop.Random"/> drew from, when the run drew from it; else null.</summary>
    public uint? RandomSeed { get; init; }
}
