namespace Asynkit.Testing.Exploration;

/// <summary>An exploration found a failing schedule; the message starts with what replays it, then the trace.</summary>
/// <remarks>The failure itself is the <see cref="Exception.InnerException"/>.</remarks>
public class ExplorationFailedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ExplorationFailedException()
        : base("A schedule failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExplorationFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure.</summary>
    public ExplorationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failing schedule.</summary>
    public ExplorationFailedException(string message, Exception innerException, string? replayToken, string? trace)
        : base(message, innerException)
    {
        ReplayToken = replayToken;
        Trace = trace;
    }

    /// <summary>The token that replays the failing schedule.</summary>
    public string? ReplayToken { get; }

    /// <summary>The readable trace of the failing schedule.</summary>
    public string? Trace { get; }
}
