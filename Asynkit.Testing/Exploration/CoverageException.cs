namespace Asynkit.Testing.Exploration;

/// <summary>With <see cref="ExplorationOptions.RequireCoverage"/>: no schedule of the exploration reached a declared coverage
/// label (or held a <see cref="Coverage.Sometimes"/> condition). No schedule is at fault, so there is no replay token: the
/// exploration's seed and iterations reproduce it.</summary>
public class CoverageException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public CoverageException()
        : base("A coverage label was never reached.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CoverageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public CoverageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal CoverageException(string message, IReadOnlyList<string> unreached)
        : base(message) => Unreached = unreached;

    /// <summary>The labels no schedule reached.</summary>
    public IReadOnlyList<string> Unreached { get; } = [];
}
