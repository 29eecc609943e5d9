namespace Asynkit.Testing.Exploration;

/// <summary>A recorded <see cref="History{TInput, TOutput}"/> is not linearizable: no sequential order of its operations explains
/// what they returned. The message shows the smallest such sub-history found, the longest order, and the model state there.</summary>
public class LinearizabilityException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public LinearizabilityException()
        : base("The history is not linearizable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LinearizabilityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public LinearizabilityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed check.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="result"/> is null.</exception>
    public LinearizabilityException(LinearizabilityResult result)
        : base((result ?? throw new ArgumentNullException(nameof(result))).ToString()) => Result = result;

    /// <summary>The failed check, or null.</summary>
    public LinearizabilityResult? Result { get; }
}
