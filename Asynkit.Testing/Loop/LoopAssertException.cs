namespace Asynkit.Testing;

/// <summary>A <see cref="LoopAssert"/> assertion failed.</summary>
public class LoopAssertException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public LoopAssertException()
        : base("Assertion failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LoopAssertException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public LoopAssertException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
