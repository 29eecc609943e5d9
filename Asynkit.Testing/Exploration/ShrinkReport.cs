using System.Globalization;
using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>What shrinking did to a failing schedule: its size before and after, and what it cost.</summary>
public sealed class ShrinkReport
{
    internal ShrinkReport(ScheduleSize original, ScheduleSize shrunk, string originalReplayToken, int attempts, TimeSpan elapsed, bool timedOut)
    {
        Original = original;
        Shrunk = shrunk;
        OriginalReplayToken = originalReplayToken;
        Attempts = attempts;
        Elapsed = elapsed;
        TimedOut = timedOut;
    }

    /// <summary>The size of the failing schedule as the strategy found it.</summary>
    public ScheduleSize Original { get; }

    /// <summary>The size of the smallest failing schedule shrinking found (the one the result's token replays).</summary>
    public ScheduleSize Shrunk { get; }

    /// <summary>The replay token of the schedule as found, before shrinking.</summary>
    public string OriginalReplayToken { get; }

    /// <summary>How many candidate schedules shrinking ran.</summary>
    public int Attempts { get; }

    /// <summary>How long shrinking took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>True when shrinking stopped at its time limit rather than at a schedule it could not improve.</summary>
    public bool TimedOut { get; }

    /// <summary>What shrinking did, in the order it ranks schedules (fewer preemptions first, then fewer non-default choices,
    /// then fewer steps): "shrunk to 1 preemption (from 2): 7 steps, 4 choices, 2 non-default choices (27 attempts, 4 ms)", or
    /// "no smaller failing schedule found: ... (27 attempts, 4 ms)".</summary>
    /// <remarks>The measure that decided comes first, so that a measure ranked after it that grew (a schedule with fewer
    /// preemptions that needs more non-default choices) never reads as a regression.</remarks>
    public override string ToString()
    {
        string cost = string.Create(CultureInfo.InvariantCulture, $"{Attempts:N0} attempts, {Elapsed.TotalMilliseconds:N0} ms{(TimedOut ? ", stopped at the time limit" : "")}");
        (string Noun, long Was, long Now)[] measures =
        [
            ("preemption", Original.Preemptions, Shrunk.Preemptions),
            ("non-default choice", Original.NonDefaultChoices, Shrunk.NonDefaultChoices),
            ("step", Original.Steps, Shrunk.Steps),
            ("choice", Original.Choices, Shrunk.Choices),
        ];
        int decisive = Array.FindIndex(measures, m => m.Now < m.Was);
        if (decisive < 0 || measures[..decisive].Any(m => m.Now != m.Was))
        {
            return $"no smaller failing schedule found: the schedule as found is reported, {Original} ({cost})";
        }

        (string noun, long was, long now) = measures[decisive];
        var text = new StringBuilder("shrunk to ").Append(ScheduleSize.Plural(now, noun)).Append(CultureInfo.InvariantCulture, $" (from {was:N0})");
        IEnumerable<string> grown = measures[(decisive + 1)..].Where(m => m.Now > m.Was).Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Noun}s {m.Was:N0} -> {m.Now:N0}"));
        text.Append(": ").Append(Shrunk).Append(" (").Append(cost).Append(')');
        if (grown.Any())
        {
            text.Append("; fewer ").Append(noun).Append("s rank first, so these grew: ").Append(string.Join(", ", grown));
        }

        return text.ToString();
    }
}
