namespace Asynkit.Testing.Coyote;

/// <summary>Coyote reported a bug that is not an exception of the test itself: an assertion of Coyote's
/// <c>Specification</c>, an unhandled exception in rewritten code, a deadlock, or uncontrolled concurrency.</summary>
/// <remarks>The message is Coyote's bug report, followed by an explanation when a call that <c>coyote rewrite</c> leaves
/// uncontrolled is involved.</remarks>
public class CoyoteBugException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public CoyoteBugException()
        : base("Coyote found a bug.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CoyoteBugException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public CoyoteBugException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for Coyote's bug report.</summary>
    public CoyoteBugException(string message, string bugReport, string? tracePath)
        : base(message)
    {
        BugReport = bugReport;
        TracePath = tracePath;
    }

    /// <summary>Coyote's own bug report, as Coyote wrote it.</summary>
    public string BugReport { get; } = "";

    /// <summary>The file holding Coyote's reproducible trace of the bug, or null.</summary>
    public string? TracePath { get; }
}
