namespace Asynkit.Testing;

/// <summary>Thrown into a suspended coroutine by <see cref="BoundMonitor{T}.CloseAsync"/> or <see cref="GeneratorObjectIterator{T}.CloseAsync"/>
/// (Python's GeneratorExit), so that its finally blocks run.</summary>
/// <remarks>Let it propagate: a coroutine that catches it and calls <c>OobAsync</c>/<c>YieldAsync</c> again makes the close fail
/// with InvalidOperationException ("ignored GeneratorExitException").</remarks>
public sealed class GeneratorExitException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public GeneratorExitException()
        : base("The coroutine is being closed (GeneratorExit): it should let this exception propagate after running its finally blocks.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GeneratorExitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public GeneratorExitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
