namespace Asynkit.Testing.Exploration;

/// <summary>How big a schedule is: steps, choices, preemptions, and choices other than asyncio's default.</summary>
/// <param name="Steps">Steps the run took.</param>
/// <param name="Choices">Choice points where more than one option existed.</param>
/// <param name="Preemptions">Steps that switched away from a task that was still runnable.</param>
/// <param name="NonDefaultChoices">Choices that took an option other than 0 (the head of the queue, or a decision's default).</param>
public readonly record struct ScheduleSize(long Steps, int Choices, int Preemptions, int NonDefaultChoices)
{
    /// <summary>"12 steps, 4 choices, 1 preemption, 2 non-default choices".</summary>
    public override string ToString() =>
        $"{Plural(Steps, "step")}, {Plural(Choices, "choice")}, {Plural(Preemptions, "preemption")}, {Plural(NonDefaultChoices, "non-default choice")}";

    internal static string Plural(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n:N0} {noun}s";
}
