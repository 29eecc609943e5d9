namespace Asynkit.Testing.Exploration;

/// <summary>The same schedule ran differently twice: something outside the loop's control decides what the test does.</summary>
/// <remarks>Typical causes: Guid.NewGuid or Random without a seed deciding a branch, DateTime.Now instead of the loop's clock,
/// hash-set iteration order over objects without stable hashes, and static state that survives from one run to the next.
/// Raised by <see cref="ExplorationOptions.CheckDeterminism"/> and by exhaustive search.</remarks>
public class NondeterminismException : Exception
{
    /// <summary>The causes every message names when the test's code shows no likelier one.</summary>
    internal const string Causes = "Something outside the schedule changes the program's behaviour: Guid.NewGuid(), DateTime.UtcNow, Random.Shared or Random without a seed, hash order or static state that survives from one run to the next.";

    /// <summary>Creates the exception with a default message.</summary>
    public NondeterminismException()
        : base("uncontrolled nondeterminism: the same schedule ran differently twice.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NondeterminismException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public NondeterminismException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
