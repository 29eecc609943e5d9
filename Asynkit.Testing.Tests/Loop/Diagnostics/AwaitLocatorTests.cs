using System.Runtime.CompilerServices;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Diagnostics;

/// <summary>The one await reader (AwaitLocator, walked by AsyncStackInspector) gives the line of each await, and SuspendedAt,
/// deadlock messages and exploration traces print the same text for the same await.</summary>
public sealed class AwaitLocatorTests
{
    private const string Samples = "AwaitSamples";

#if DEBUG
    /// <summary>The implicit DisposeAsync await of an await using block: its closing brace in Debug builds; Release emits no
    /// sequence point there, so the nearest one before it is the block's last statement.</summary>
    private const string DisposeLine = "U2";
#else
    private const string DisposeLine = "U1";
#endif

    private static string At(string method, string marker) => $"{Samples}.{method} ({AwaitSamples.File}:{AwaitSamples.Lines[marker]})";

    /// <summary>Starts <paramref name="start"/> with no SynchronizationContext, then at each suspension records its await chain
    /// (outermost frame first) and releases the oldest gate, until the method completes.</summary>
    private static List<string[]> Suspensions(Func<Gates, Task> start)
    {
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var gates = new Gates();
            var suspensions = new List<string[]>();
            Task top = start(gates);
            while (!top.IsCompleted && suspensions.Count < 20)
            {
                suspensions.Add(AsyncStackInspector.Frames(top).Select(frame => frame.ToString()).ToArray());
                gates.Release();
            }

            top.Status.ShouldBe(TaskStatus.RanToCompletion);
            return suspensions;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    public static TheoryData<string, string[][]> KnownAwaits() => new()
    {
        { nameof(AwaitSamples.Sequential), [[At("Sequential", "S1")], [At("Sequential", "S2")]] },
        {
            nameof(AwaitSamples.TwoPerLine),
            [[At("TwoPerLine", "T1")], [At("TwoPerLine", "T1")], [At("TwoPerLine", "T2"), At("Value", "V1")], [At("TwoPerLine", "T2"), At("Value", "V1")]]
        },
        { nameof(AwaitSamples.MultiLine), [[At("MultiLine", "M1"), At("Value", "V1")]] },
        { nameof(AwaitSamples.Lambda), [[At("Lambda", "L0"), At("Lambda (lambda)", "L1")]] },
        { nameof(AwaitSamples.LocalFunction), [[At("LocalFunction", "F0"), At("Local", "F1")]] },
        { nameof(AwaitSamples.AwaitForeach), [[At("AwaitForeach", "E0")], [At("AwaitForeach", "E1")], [At("AwaitForeach", "E0")], [At("AwaitForeach", "E1")]] },
        { nameof(AwaitSamples.AwaitUsing), [[At("AwaitUsing", "U1")], [At("AwaitUsing", DisposeLine)]] },
        { nameof(AwaitSamples.Generic), [[At("Generic", "G1")]] },
        { "Host.Hold", [[$"Host.Hold ({AwaitSamples.File}:{AwaitSamples.Lines["H1"]})"]] },
        { nameof(AwaitSamples.CatchAndFinally), [[At("CatchAndFinally", "C1")], [At("CatchAndFinally", "C2")], [At("CatchAndFinally", "C3")]] },
    };

    [Theory]
    [MemberData(nameof(KnownAwaits))]
    public void Frames_KnownAwaits_EachFrameAtItsAwaitsLine(string sample, string[][] expected)
    {
        Func<Gates, Task> start = sample switch
        {
            nameof(AwaitSamples.Sequential) => gates => new AwaitSamples(gates).Sequential(),
            nameof(AwaitSamples.TwoPerLine) => gates => new AwaitSamples(gates).TwoPerLine(),
            nameof(AwaitSamples.MultiLine) => gates => new AwaitSamples(gates).MultiLine(),
            nameof(AwaitSamples.Lambda) => gates => new AwaitSamples(gates).Lambda(),
            nameof(AwaitSamples.LocalFunction) => gates => new AwaitSamples(gates).LocalFunction(),
            nameof(AwaitSamples.AwaitForeach) => gates => new AwaitSamples(gates).AwaitForeach(),
            nameof(AwaitSamples.AwaitUsing) => gates => new AwaitSamples(gates).AwaitUsing(),
            nameof(AwaitSamples.Generic) => gates => new AwaitSamples(gates).Generic("x"),
            "Host.Hold" => gates => new AwaitSamples.Host<int>(gates).Hold(1),
            _ => gates => new AwaitSamples(gates).CatchAndFinally(),
        };

        Suspensions(start).ShouldBe(expected);
    }

    [Fact]
    public void Locate_AsyncIteratorAndAsyncValueTask_TheirOwnAwaits()
    {
        var gates = new Gates();
        var samples = new AwaitSamples(gates);
        string Line(string marker) => $"{AwaitSamples.File}:{AwaitSamples.Lines[marker]}";

        IAsyncEnumerator<int> items = samples.Items().GetAsyncEnumerator();
        ValueTask<bool> first = items.MoveNextAsync();
        AwaitLocator.Locate((IAsyncStateMachine)items).ShouldBe(Line("I1"));
        gates.Release();
        first.IsCompletedSuccessfully.ShouldBeTrue();
        ValueTask<bool> second = items.MoveNextAsync();
        AwaitLocator.Locate((IAsyncStateMachine)items).ShouldBe(Line("I2"));
        gates.Release();
        second.IsCompletedSuccessfully.ShouldBeTrue();

        Task dispose = new AwaitSamples.SlowDisposable(gates).DisposeAsync().AsTask();
        AsyncStackInspector.DescribeSuspension(dispose).ShouldBe($"SlowDisposable.DisposeAsync ({Line("D1")})");
    }

    [Fact]
    public void Frames_AwaitOfALeafTask_ExposeTheAwaiterAndTheAwaitedTask()
    {
        var gate = new TaskCompletionSource();
        Task blocked = AwaitSamples.Blocked(gate.Task);

        AsyncFrame frame = AsyncStackInspector.Frames(blocked).ShouldHaveSingleItem();
        frame.Task.ShouldBeSameAs(blocked);
        frame.AwaitedTask.ShouldBeSameAs(gate.Task);
        frame.Awaiter.ShouldBeOfType<TaskAwaiter>();
        frame.Location.ShouldBe($"{AwaitSamples.File}:{AwaitSamples.Lines["B1"]}");
        gate.SetResult();
        AsyncStackInspector.Frames(blocked).ShouldBeEmpty();
    }

    [Fact]
    public void Locate_NoPdb_MethodNameWithoutLine()
    {
        // The shared framework ships without PDBs: SemaphoreSlim's async wait is an async method the reader cannot place.
        using var semaphore = new SemaphoreSlim(0);
        using var cancel = new CancellationTokenSource();
        Task wait = semaphore.WaitAsync(cancel.Token);

        AsyncFrame frame = AsyncStackInspector.Frames(wait).First();
        AwaitLocator.StateOf(frame.StateMachine).ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(0);
        frame.Location.ShouldBeNull();
        AsyncStackInspector.DescribeSuspension(wait).ShouldBe(frame.Method);
        frame.Method.ShouldStartWith("SemaphoreSlim.");
        cancel.Cancel();
    }

    [Fact]
    public void SuspendedAtDeadlockAndTrace_SameAwait_SameText()
    {
        string expected = At("Blocked", "B1");
        string? suspendedAt = null;
        async Task Program(bool release)
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var gate = new TaskCompletionSource();
            LoopTask waiter = loop.CreateTask(() => AwaitSamples.Blocked(gate.Task), "waiter");
            await Task.Yield();
            suspendedAt = waiter.SuspendedAt;
            if (release)
            {
                gate.SetResult();
                await waiter;
                throw new InvalidOperationException("the schedule fails so that it gets a trace");
            }

            await waiter;
        }

        ExplorationResult result = Explorer.Explore(() => Program(release: true), new ExplorationOptions { Strategy = StrategyKind.Fifo, Shrink = false });
        suspendedAt.ShouldBe(expected);
        string resumed = result.Trace.ShouldNotBeNull().Split('\n').Single(line => line.Contains("waiter #2", StringComparison.Ordinal) && line.Contains(" (", StringComparison.Ordinal));
        resumed.ShouldEndWith(expected);

        DeadlockException deadlock = Should.Throw<DeadlockException>(() =>
            AsynkitLoop.Run(() => Program(release: false)));
        deadlock.Message.ShouldContain($"task 'waiter' (#2) blocked at {expected}");
    }
}
