using Asynkit.Testing;
using Asynkit.Testing.Xunit;

namespace Asynkit.Examples.XunitV3;

/// <summary>A race that must fail with a replay line (Category=FailureExpected: the default run skips it;
/// .ci/consumer-smoke.sh runs the same race from the packaged adapter and pastes its replay line).</summary>
[Trait("Category", "FailureExpected")]
public sealed class RaceSamples
{
    [AsynkitFact(Iterations = 200)]
    public async Task LostUpdate_Explored_FailsWithReplayLine()
    {
        AsynkitLoop loop = AsynkitLoop.RequireCurrent();
        int counter = 0;
        LoopTask Worker() => loop.CreateTask(async () =>
        {
            int seen = counter;
            await Task.Yield();
            counter = seen + 1;
        });
        LoopTask a = Worker(), b = Worker();
        await a;
        await b;
        counter.ShouldBe(2);
    }
}
