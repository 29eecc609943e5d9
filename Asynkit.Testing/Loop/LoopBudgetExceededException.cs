namespace Asynkit.Testing;

/// <summary>A run used up one of its budgets: steps (a livelock), virtual time, or wall-clock time.</summary>
public class LoopBudgetExceededException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public LoopBudgetExceededException()
        : base("The run exceeded its budget.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LoopBudgetExceededException(string message)
        : base(message)
    {
    }

    internal LoopBudgetExceededException(string message, bool wallClock)
        : base(message)
    {
        IsWallClock = wallClock;
    }

    /// <summary>True when the wall-clock budget ran out: a property of the machine, not of the schedule, so such a failure
    /// is not replayed or shrunk.</summary>
    public bool IsWallClock { get; }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public LoopBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
