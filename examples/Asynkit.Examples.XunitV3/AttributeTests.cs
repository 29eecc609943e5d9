using Asynkit.Testing;
using Asynkit.Testing.Xunit;
using Asynkit.Testing.Xunit.Sdk;

namespace Asynkit.Examples.XunitV3;

/// <summary>[AsynkitFact] and [AsynkitTheory] under xunit v3: each test runs on the loop, a fresh instance per schedule.</summary>
public sealed class AttributeTests : IAsyncLifetime
{
    private readonly List<string> _lifecycle = ["constructor"];
    private AsynkitLoop? _initializedOn;

    public ValueTask InitializeAsync()
    {
        _initializedOn = AsynkitLoop.Current;
        _lifecycle.Add("initialize");
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [AsynkitFact]
    public async Task Fifo_HourLongDelay_TakesVirtualTime()
    {
        AsynkitLoop loop = AsynkitLoop.RequireCurrent();
        await Task.Delay(TimeSpan.FromHours(1), loop.Clock);
        loop.Clock.Elapsed.ShouldBe(TimeSpan.FromHours(1));
    }

    [AsynkitFact]
    public void Fifo_LifecycleInsideTheLoop_InitializeRanOnThisLoop()
    {
        _initializedOn.ShouldBeSameAs(AsynkitLoop.Current);
        _lifecycle.ShouldBe(["constructor", "initialize"], "a fresh instance, initialized inside this schedule's loop");
    }

    [AsynkitFact(Iterations = 200)]
    public async Task Exploration_LockedIncrements_NeverLost()
    {
        _lifecycle.ShouldBe(["constructor", "initialize"], "every schedule gets its own instance");
        _lifecycle.Add("ran");
        AsynkitLoop loop = AsynkitLoop.RequireCurrent();
        int counter = 0;
        using var gate = new SemaphoreSlim(1, 1);
        LoopTask Worker() => loop.CreateTask(async () =>
        {
            await gate.WaitAsync();
            int seen = counter;
            await Task.Yield();
            counter = seen + 1;
            gate.Release();
        });
        LoopTask a = Worker(), b = Worker();
        await a;
        await b;
        counter.ShouldBe(2);
    }

    [AsynkitTheory(Iterations = 50)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Theory_LockedWorkers_EachRowExplored(int workers)
    {
        AsynkitLoop loop = AsynkitLoop.RequireCurrent();
        int counter = 0;
        using var gate = new SemaphoreSlim(1, 1);
        List<LoopTask> tasks = [.. Enumerable.Range(0, workers).Select(_ => loop.CreateTask(async () =>
        {
            await gate.WaitAsync();
            int seen = counter;
            await Task.Yield();
            counter = seen + 1;
            gate.Release();
        }))];
        foreach (LoopTask task in tasks)
        {
            await task;
        }

        counter.ShouldBe(workers);
    }

    [Fact]
    public void Attributes_SameNamedPropertiesAsTheV2Adapter()
    {
        string[] names(Type t) => [.. t.GetProperties().Where(p => p.DeclaringType == t).Select(p => p.Name).Order()];

        names(typeof(AsynkitFactAttribute)).ShouldBe(["CoverageLabels", "CoyoteRewritten", "Iterations", "MaxSteps", "Parallelism", "PctDepth", "Replay", "RequireCoverage", "Seed", "Shrink", "Strategy", "StrictReplay"]);
        names(typeof(AsynkitTheoryAttribute)).ShouldBe(names(typeof(AsynkitFactAttribute)));
        typeof(AsynkitTestCase).GetInterfaces().ShouldContain(typeof(global::Xunit.v3.ISelfExecutingXunitTestCase));
    }
}
