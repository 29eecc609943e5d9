using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Hunt;

/// <summary>What hunting one catalogue program found: the buggy program's result and the fixed twin's, and for a bug only an
/// oracle sees, the buggy program's with that oracle off.</summary>
internal sealed record HuntRow(string Name, ExplorationResult Buggy, ExplorationResult Fixed, ExplorationResult? WithoutOracle = null)
{
    /// <summary>The bug was found, the fixed twin came out clean, and without its oracle the bug went unseen.</summary>
    public bool Ok => Buggy.Failed && !Fixed.Failed && WithoutOracle?.Failed != true;
}
