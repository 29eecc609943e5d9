namespace Asynkit.Testing;

/// <summary>The loop has nothing to run, no timer pending, and main has not finished.</summary>
/// <remarks>The message names every blocked task and where it waits.</remarks>
public class DeadlockException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public DeadlockException()
        : base("Deadlock: no task can make progress.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeadlockException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DeadlockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
