namespace Asynkit.Testing.Exploration;

/// <summary>A replayed schedule no longer matches the program: the code changed since its replay token was recorded.</summary>
/// <remarks>The message says at which step and how ("schedule diverged at step N: expected a choice among K ready items,
/// recorded index J, ..."). Replay never silently runs a different schedule.</remarks>
public class ScheduleDivergedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ScheduleDivergedException()
        : base("The replayed schedule diverged from the recorded one.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ScheduleDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public ScheduleDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and the step at which the schedules parted.</summary>
    public ScheduleDivergedException(string message, long step)
        : base(message)
    {
        Step = step;
    }

    /// <summary>The step (1-based) at which the run stopped matching the recorded schedule; 0 when unknown.</summary>
    public long Step { get; }
}
