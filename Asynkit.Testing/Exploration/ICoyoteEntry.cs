using System.Reflection;

namespace Asynkit.Testing.Exploration;

/// <summary>What a test framework's adapter asks of the Coyote integration, found by name (<see cref="ExplorationDrivers.CoyoteEntry"/>)
/// so that the adapters need no reference to the Asynkit.Testing.Coyote package and its dependencies.</summary>
internal interface ICoyoteEntry
{
    /// <summary>Loop mode under Coyote's engine, its log written to <paramref name="log"/>.</summary>
    ExplorationResult Explore(Func<Task> test, ExplorationOptions options, TextWriter? log);

    /// <summary>Rewritten mode: <paramref name="test"/> calls into <paramref name="rewrittenAssembly"/>, which coyote rewrite rewrote.</summary>
    ExplorationResult ExploreRewritten(Func<Task> test, Assembly rewrittenAssembly, ExplorationOptions options, TextWriter? log);
}
