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

    /// <summary>"shrunk from ... to ... (N attempts, T)".</summary>
    public override string ToString() =>
        $"shrunk from {Original} to {Shrunk} ({Attempts:N0} attempts, {Elapsed.TotalMilliseconds:N0} ms{(TimedOut ? ", stopped at the time limit" : "")})";
}
