using Asynkit.Testing.Exploration;
using Asynkit.Testing.Tests.XunitIntegration;
using Asynkit.Testing.Xunit;

namespace Asynkit.Testing.Tests.Coyote;

/// <summary>[AsynkitFact(Strategy = StrategyKind.Coyote)] tests meant to fail, to show what they print; only
/// <see cref="CoyoteAttributeTests"/> runs them.</summary>
[Trait("Category", "FailureExpected")]
public sealed class CoyoteAttributeSamples
{
    [AsynkitFact(Strategy = StrategyKind.Coyote, Iterations = 300)]
    public Task LostUpdate_UnderCoyote_FailsWithCoyoteTraceAndReplayLine() => RacePrograms.LostUpdateAsync(2);

    [AsynkitFact(Strategy = StrategyKind.Coyote, CoyoteRewritten = true, Iterations = 5)]
    public Task Rewritten_AssemblyNotRewritten_FailsWithHowToEnableIt() => Task.CompletedTask;
}
