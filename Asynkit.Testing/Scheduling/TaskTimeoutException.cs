namespace Asynkit.Testing;

/// <summary>Raised in a task whose <see cref="Scheduling.TaskTimeout"/> scope ran out of (virtual) time.</summary>
/// <remarks>Each scope raises its own: compare <see cref="Scope"/> to tell nested timeouts apart.</remarks>
public sealed class TaskTimeoutException : TimeoutException
{
    /// <summary>Creates the exception with a default message.</summary>
    public TaskTimeoutException()
        : base("The task timed out.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TaskTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TaskTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal TaskTimeoutException(TaskTimeoutScope scope, string message)
        : base(message) => Scope = scope;

    /// <summary>The scope whose deadline passed; null when created by user code.</summary>
    public TaskTimeoutScope? Scope { get; }
}
