namespace Asynkit.Testing;

/// <summary>A coroutine run by <see cref="Coro.AwaitSync{T}(Func{Task{T}})"/> or <see cref="Coro.AiterSync{T}"/> really suspended,
/// so it could not complete synchronously (asynkit's SynchronousError).</summary>
public class SynchronousException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public SynchronousException()
        : base("The coroutine failed to complete synchronously.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SynchronousException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception the aborted coroutine ended with.</summary>
    public SynchronousException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
