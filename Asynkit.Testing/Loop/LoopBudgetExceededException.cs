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

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public LoopBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
