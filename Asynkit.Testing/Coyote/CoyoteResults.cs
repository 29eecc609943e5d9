using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Coyote;

/// <summary>The Coyote-specific data of an <see cref="ExplorationResult"/> that Coyote's engine produced.</summary>
public static class CoyoteResults
{
    extension(ExplorationResult result)
    {
        /// <summary>For <see cref="StrategyKind.Coyote"/>: Coyote's reproducible trace (JSON) of the failing iteration, or null.</summary>
        public string? CoyoteTrace => Details(result)?.Trace;

        /// <summary>For <see cref="StrategyKind.Coyote"/>: the file Coyote's reproducible trace was written to, or null.</summary>
        public string? CoyoteTracePath => Details(result)?.TracePath;
    }

    private static CoyoteDetails? Details(ExplorationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Details as CoyoteDetails;
    }
}
