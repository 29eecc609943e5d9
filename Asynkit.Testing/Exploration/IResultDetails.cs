using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>What only one driver knows about its result (Coyote's trace), kept with the result and printed by
/// <see cref="FailureText"/> through this hook, so that <see cref="ExplorationResult"/> knows no driver.</summary>
internal interface IResultDetails
{
    /// <summary>Writes the lines that replay the failure by the driver's own means, before the replay token's line.</summary>
    /// <param name="text">The failure text being written.</param>
    /// <param name="surface">How the surface words a replay.</param>
    /// <param name="hasToken">Whether the result has a replay token of ours too.</param>
    void AppendReplay(StringBuilder text, FailureSurface surface, bool hasToken);
}
