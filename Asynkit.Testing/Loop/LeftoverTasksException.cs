namespace Asynkit.Testing;

/// <summary>Main returned while other tasks were unfinished and <see cref="LeftoverTaskPolicy.Fail"/> is set.</summary>
public class LeftoverTasksException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public LeftoverTasksException()
        : base("Tasks were still running when main returned.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LeftoverTasksException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public LeftoverTasksException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
