namespace Asynkit.Testing.Exploration;

/// <summary>A coverage label over a whole exploration (<see cref="Coverage.Reached"/>, <see cref="Coverage.Sometimes"/>, or
/// declared in <see cref="ExplorationOptions.CoverageLabels"/>): in how many schedules it was reached, and how often.</summary>
/// <param name="Label">The label.</param>
/// <param name="IsSometimes">True for a <see cref="Coverage.Sometimes"/> label.</param>
/// <param name="Schedules">How many schedules reached it (for a Sometimes label: in which the condition held at least once).</param>
/// <param name="Hits">How often it was reached, over all schedules.</param>
/// <param name="Evaluations">How often it was evaluated, over all schedules (equal to <paramref name="Hits"/> for Reached labels).</param>
/// <param name="FirstSchedule">The 1-based number of the first schedule that reached it, or null.</param>
public sealed record CoverageLabel(string Label, bool IsSometimes, int Schedules, int Hits, int Evaluations, int? FirstSchedule)
{
    /// <summary>True when some schedule reached the label.</summary>
    public bool IsReached => Schedules > 0;

    /// <summary>"'label': reached in 12 of 1,000 schedules (first in schedule 3)", or "never reached (evaluated 40 times)".</summary>
    public string Describe(int schedulesExplored) =>
        IsReached
            ? FormattableString.Invariant($"'{Label}': {(IsSometimes ? "held" : "reached")} in {Schedules:N0} of {schedulesExplored:N0} schedule(s), {Hits:N0} time(s){(IsSometimes ? $" of {Evaluations:N0} evaluated" : "")} (first in schedule {FirstSchedule:N0})")
            : IsSometimes
                ? FormattableString.Invariant($"'{Label}': never held (evaluated {Evaluations:N0} time(s), false every time)")
                : $"'{Label}': never reached";
}
