using Asynkit.Testing.Exploration;
using Asynkit.Testing.Xunit;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>The test project's own use of the attributes: these run as ordinary tests in every run.</summary>
public sealed class AsynkitAttributeDogfoodTests(LifecycleRecorder fixture) : IClassFixture<LifecycleRecorder>
{
    [AsynkitFact]
    public void AsynkitFact_SynchronousMethod_RunsAsTheLoopsMainTask()
    {
        AsynkitLoop.Current.ShouldNotBeNull();
        AsynkitLoop.Current.CurrentTask!.Name.ShouldBe("main");
    }

    [AsynkitFact]
    public void AsynkitFact_ClassFixture_WasCreatedOutsideTheLoop() => fixture.CreatedInsideLoop.ShouldBeFalse();

    [AsynkitFact]
    public async Task AsynkitFact_ScriptedTasks_InterleaveInAsyncioOrder()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var log = new List<string>();
        LoopTask a = loop.CreateTask(async () => { log.Add("a1"); await Task.Yield(); log.Add("a2"); }, "a");
        LoopTask b = loop.CreateTask(async () => { log.Add("b1"); await Task.Yield(); log.Add("b2"); }, "b");
        await a;
        await b;
        log.ShouldBe(["a1", "b1", "a2", "b2"]);
    }

    [AsynkitFact]
    public async Task AsynkitFact_HourLongDelay_TakesVirtualTimeOnly()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        await Task.Delay(TimeSpan.FromHours(1), loop.Clock);
        loop.Clock.Elapsed.ShouldBe(TimeSpan.FromHours(1));
    }

    [AsynkitFact]
    public async ValueTask AsynkitFact_ValueTaskMethod_IsAwaited()
    {
        await Scheduling.Sleep(TimeSpan.FromSeconds(5));
        AsynkitLoop.Current!.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [AsynkitFact]
    public static async Task AsynkitFact_StaticMethod_Runs()
    {
        await Task.Yield();
        AsynkitLoop.Current.ShouldNotBeNull();
    }

    [AsynkitFact(Iterations = 200)]
    public Task AsynkitFact_LockedCounter_NoScheduleLosesAnUpdate() => RacePrograms.LockedCounterAsync(3);

    [AsynkitFact(Iterations = 50, Strategy = StrategyKind.Random, Seed = 7)]
    public Task AsynkitFact_RandomStrategyWithSeed_Explores() => RacePrograms.LockedCounterAsync(2);

    [AsynkitFact(Iterations = 10_000, Strategy = StrategyKind.Exhaustive)]
    public Task AsynkitFact_Exhaustive_CoversEverySchedule() => RacePrograms.LockedCounterAsync(2);

    [AsynkitTheory(Iterations = 100)]
    [InlineData(2)]
    [InlineData(3)]
    public Task AsynkitTheory_EveryRow_IsExplored(int workers) => RacePrograms.LockedCounterAsync(workers);

    [AsynkitTheory(Iterations = 20)]
    [MemberData(nameof(NonSerializableRows))]
    public Task AsynkitTheory_NonSerializableRows_AreExploredToo(WorkerCount count) => RacePrograms.LockedCounterAsync(count.Value);

    public static TheoryData<WorkerCount> NonSerializableRows() => new() { new WorkerCount(2), new WorkerCount(3) };

    /// <summary>Theory data xunit cannot serialize (no IXunitSerializable), so the theory is enumerated at run time.</summary>
    public sealed record WorkerCount(int Value);
}
