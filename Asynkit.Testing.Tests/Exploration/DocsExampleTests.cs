using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

/// <summary>The examples of docs/exploration.md (examples/Asynkit.Examples/Exploration), copied here so they are tested.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public void FindARace_LostUpdate_IsFoundReportedAndReplayed()
    {
        ExplorationResult result = Explorer.Explore(TwoRequests, new ExplorationOptions { Iterations = 1000, Seed = 42 });
        ExplorationResult replayed = Explorer.Replay(TwoRequests, result.ReplayToken!);

        result.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe("lost update: 1 hit(s) recorded, expected 2");
        result.ToString().ShouldContain("Replay: ak1_");
        result.Trace.ShouldNotBeNull().ShouldContain("request-2 #3");
        result.Shrinking!.Shrunk.Preemptions.ShouldBe(1);
        replayed.Failure!.Message.ShouldBe(result.Failure.Message);
    }

    [Fact]
    public void ProveAbsence_LockedCounter_EverySchedulePasses()
    {
        ExplorationResult result = Explorer.Explore(ThreeRequests, new ExplorationOptions { Strategy = StrategyKind.Exhaustive, Iterations = 100_000 });

        result.Failed.ShouldBeFalse();
        result.SpaceCovered.ShouldBeTrue();
        result.SchedulesExplored.ShouldBe(36);
    }

    [Fact]
    public void DeterminismCheck_GuidBranch_IsCaught()
    {
        ExplorationResult result = Explorer.Explore(FlakyTest, new ExplorationOptions { Iterations = 100, Seed = 1, CheckDeterminism = true });

        result.Failure.ShouldBeOfType<NondeterminismException>().Message.ShouldStartWith("uncontrolled nondeterminism");
    }

    // ---- copied from examples/Asynkit.Examples/Exploration ----
    private sealed class HitCounter
    {
        private int _hits;

        public int Hits => _hits;

        public async Task RecordAsync()
        {
            int seen = _hits;
            await Task.Yield(); // e.g. an await on a store
            _hits = seen + 1;
        }
    }

    private static async Task TwoRequests()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var counter = new HitCounter();
        LoopTask first = loop.CreateTask(counter.RecordAsync, "request-1");
        LoopTask second = loop.CreateTask(counter.RecordAsync, "request-2");
        await Task.WhenAll(first.Task, second.Task);
        if (counter.Hits != 2)
        {
            throw new InvalidOperationException($"lost update: {counter.Hits} hit(s) recorded, expected 2");
        }
    }

    private sealed class LockedHitCounter : IDisposable
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private int _hits;

        public int Hits => _hits;

        public void Dispose() => _lock.Dispose();

        public async Task RecordAsync()
        {
            await _lock.WaitAsync();
            try
            {
                int seen = _hits;
                await Task.Yield();
                _hits = seen + 1;
            }
            finally
            {
                _lock.Release();
            }
        }
    }

    private static async Task ThreeRequests()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        using var counter = new LockedHitCounter();
        var requests = new Task[3];
        for (int i = 0; i < requests.Length; i++)
        {
            requests[i] = loop.CreateTask(counter.RecordAsync, $"request-{i + 1}").Task;
        }

        await Task.WhenAll(requests);
        if (counter.Hits != 3)
        {
            throw new InvalidOperationException($"lost update: {counter.Hits} hit(s) recorded, expected 3");
        }
    }

    private static async Task FlakyTest()
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        bool slowPath = Guid.NewGuid().ToByteArray()[0] < 128; // outside the loop's control
        LoopTask worker = loop.CreateTask(async () =>
        {
            await Task.Yield();
            if (slowPath)
            {
                await Task.Yield();
            }
        }, "worker");
        LoopTask other = loop.CreateTask(async () => await Task.Yield(), "other");
        await Task.WhenAll(worker.Task, other.Task);
    }
}
