namespace Asynkit.Testing.Exploration;

/// <summary>A schedule as a replay token carries it: every choice, the number of steps the run took, and the budgets it ran under.</summary>
internal sealed record RecordedSchedule(ChoiceRecord[] Choices, long Steps)
{
    /// <summary>The budgets the schedule ran under (a decoded token: those it records; null where it records none).</summary>
    public ScheduleBudgets Budgets { get; init; }
}
