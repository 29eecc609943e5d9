namespace Asynkit.Testing;

/// <summary>A generator has no further value: thrown by <see cref="GeneratorObjectIterator{T}.SendAsync"/> and
/// <see cref="GeneratorObjectIterator{T}.ThrowAsync"/> when the body finishes or has finished (Python's StopAsyncIteration).</summary>
/// <remarks><c>MoveNextAsync</c> (and so <c>await foreach</c>) reports the end by returning false instead. If this exception escapes
/// a generator body (for example from an inner generator's <c>SendAsync</c>), the outer generator turns it into a plain
/// InvalidOperationException, so that it cannot end the outer iteration by accident (the C# counterpart of PEP 479).</remarks>
public sealed class StopAsyncIterationException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public StopAsyncIterationException()
        : base("The generator has finished: it has no further value (StopAsyncIteration).")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StopAsyncIterationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public StopAsyncIterationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
