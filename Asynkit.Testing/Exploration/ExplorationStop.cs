using System.Globalization;

namespace Asynkit.Testing.Exploration;

/// <summary>Why an exploration stopped: the reason, which code may test, and its text, which only people read.</summary>
internal readonly record struct ExplorationStop(StopReason Reason, string Text)
{
    public static ExplorationStop ScheduleFailed { get; } = new(StopReason.ScheduleFailed, "a schedule failed");

    public static ExplorationStop Covered { get; } = new(StopReason.Covered, "every schedule was covered");

    public static ExplorationStop NoOtherSchedule { get; } = new(StopReason.NoOtherSchedule, "the strategy has no other schedule (FIFO runs one)");

    /// <summary>"all 1,000 iteration(s) ran", with "; every schedule was covered" when <paramref name="covered"/>.</summary>
    public static ExplorationStop IterationsRan(int iterations, bool covered = false) =>
        new(covered ? StopReason.Covered : StopReason.IterationsRan,
            string.Create(CultureInfo.InvariantCulture, $"all {iterations:N0} iteration(s) ran{(covered ? "; every schedule was covered" : "")}"));

    public static ExplorationStop TimeLimit(TimeSpan limit) => new(StopReason.TimeLimit, $"the time limit ({limit}) was reached");

    /// <summary>The same reason with <paramref name="note"/> appended to its text.</summary>
    public ExplorationStop WithNote(string note) => this with { Text = Text + note };

    public override string ToString() => Text;
}
