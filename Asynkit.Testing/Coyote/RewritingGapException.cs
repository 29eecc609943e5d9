namespace Asynkit.Testing.Coyote;

/// <summary>Rewritten mode refused to run (<see cref="RewritingGapPolicy.Fail"/>): the test assembly has calls that
/// <c>coyote rewrite</c> leaves uncontrolled. The message names each call site and its fix.</summary>
public class RewritingGapException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public RewritingGapException()
        : base("The assembly has calls that coyote rewrite leaves uncontrolled.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RewritingGapException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public RewritingGapException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the gaps found.</summary>
    public RewritingGapException(string message, IReadOnlyList<RewritingGap> gaps)
        : base(message)
    {
        Gaps = gaps;
    }

    /// <summary>The call sites found.</summary>
    public IReadOnlyList<RewritingGap> Gaps { get; } = [];
}
