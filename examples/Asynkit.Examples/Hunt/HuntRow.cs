using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Hunt;

/// <summary>What hunting one catalogue program found: the buggy program's result and the fixed twin's.</summary>
internal sealed record HuntRow(string Name, ExplorationResult Buggy, ExplorationResult Fixed)
{
    /// <summary>The bug was found and the fixed twin came out clean.</summary>
    public bool Ok => Buggy.Failed && !Fixed.Failed;
}
