using System.Reflection;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Coyote;

/// <summary>The entry the test-framework adapters find by name (<see cref="ExplorationDrivers.CoyoteEntryTypeName"/>): loop and
/// rewritten mode with Coyote's log in the test's output.</summary>
internal sealed class CoyoteEntry : ICoyoteEntry
{
    public ExplorationResult Explore(Func<Task> test, ExplorationOptions options, TextWriter? log) =>
        CoyoteExplorer.Explore(test, options, new CoyoteOptions { Output = log });

    public ExplorationResult ExploreRewritten(Func<Task> test, Assembly rewrittenAssembly, ExplorationOptions options, TextWriter? log) =>
        CoyoteExplorer.ExploreRewritten(test, rewrittenAssembly, options, new CoyoteOptions { Output = log });
}
