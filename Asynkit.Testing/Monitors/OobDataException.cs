namespace Asynkit.Testing;

/// <summary>A monitored coroutine called <see cref="OobMonitor.OobAsync"/>: its driver receives the data as this exception (asynkit's OOBData).</summary>
/// <remarks>The coroutine stays suspended at its <c>OobAsync</c>; resume it with <see cref="BoundMonitor{T}.AwaitAsync"/> (the value
/// becomes <c>OobAsync</c>'s result) or <see cref="BoundMonitor{T}.ThrowAsync"/>.</remarks>
public sealed class OobDataException : Exception
{
    /// <summary>Creates the exception carrying <paramref name="value"/>.</summary>
    public OobDataException(object? value)
        : base(Describe(value))
    {
        Value = value;
    }

    /// <summary>Creates the exception carrying null.</summary>
    public OobDataException()
        : this((object?)null)
    {
    }

    /// <summary>Creates the exception carrying null, with a message.</summary>
    public OobDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception carrying null, with a message and an inner exception.</summary>
    public OobDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The out-of-band data the coroutine passed to <see cref="OobMonitor.OobAsync"/>.</summary>
    public object? Value { get; }

    private static string Describe(object? value) =>
        $"The monitored coroutine sent out-of-band data: {(value is null ? "null" : $"'{value}'")}. It is suspended at OobMonitor.OobAsync until the next AwaitAsync/ThrowAsync/CloseAsync.";
}
