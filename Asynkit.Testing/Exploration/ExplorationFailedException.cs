namespace Asynkit.Testing.Exploration;

/// <summary>An exploration found a failing schedule; the message starts with what replays it, then the trace.</summary>
/// <remarks>The failure itself is <see cref="Failure"/>. From <see cref="ExplorationResult.ThrowIfFailed"/> it is also the
/// <see cref="Exception.InnerException"/>; from a test framework's run (<see cref="AsynkitTest"/>, the xunit attributes) it is
/// not, because frameworks print every inner exception's message again: there the message states the failure once and
/// <see cref="StackTrace"/> is the failure's own.</remarks>
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
        Failure = innerException;
    }

    private ExplorationFailedException(string message, Exception failure, string? replayToken, string? trace, bool ownStack)
        : base(message)
    {
        ReplayToken = replayToken;
        Trace = trace;
        Failure = failure;
        _failureStack = ownStack;
    }

    private readonly bool _failureStack;

    /// <summary>The exception of the failing schedule, or null when this exception was created without one.</summary>
    public Exception? Failure { get; private init; }

    /// <summary>The failure's stack trace when a test framework reports this exception (it names the test's own frames).</summary>
    public override string? StackTrace => _failureStack ? Failure?.StackTrace : base.StackTrace;

    /// <summary>The exception a test framework reports: <paramref name="message"/> once (no inner exception for the framework
    /// to print again) and the failure's stack trace.</summary>
    internal static ExplorationFailedException ForTestFramework(string message, ExplorationResult result) =>
        new(message, result.Failure ?? throw new ArgumentException("The result has no failure.", nameof(result)), result.ReplayToken, result.Trace, ownStack: true);

    /// <summary>The token that replays the failing schedule.</summary>
    public string? ReplayToken { get; }

    /// <summary>The readable trace of the failing schedule.</summary>
    public string? Trace { get; }
}
