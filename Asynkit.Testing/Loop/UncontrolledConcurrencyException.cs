namespace Asynkit.Testing;

/// <summary>Work left the loop's thread (Task.Run, a real timer, a ConfigureAwait(false) hop) and came back.</summary>
/// <remarks>The message names the task, the origin of the foreign work, and the fix.</remarks>
public class UncontrolledConcurrencyException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public UncontrolledConcurrencyException()
        : base("Uncontrolled concurrency: work escaped the loop.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public UncontrolledConcurrencyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public UncontrolledConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
