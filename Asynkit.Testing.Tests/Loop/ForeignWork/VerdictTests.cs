namespace Asynkit.Testing.Tests;

/// <summary>The verdict of a run never depends on timing: an escape is an escape and a deadlock a deadlock, on an idle machine
/// and with every thread-pool thread busy (<see cref="BusyPoolVerdictTests"/>), run after run.</summary>
[Collection(BusyPoolTests.Name)]
public sealed class VerdictTests
{
    private const int Runs = 50;

    public static TheoryData<string> EscapeKinds() =>
        ["real Task.Delay(2 s)", "real CancellationTokenSource around a virtual wait", "System.Threading.Timer", "SemaphoreSlim.WaitAsync(timeout) never released", "LongRunning task awaited"];

    public static TheoryData<string> ControlledKinds() =>
        ["Task.Run that sleeps", "ConfigureAwait(false) hop", "contended SemaphoreSlim.WaitAsync(token)", "Task.Run(...).Result in a step"];

    [Theory]
    [MemberData(nameof(EscapeKinds))]
    public void Escape_IdleMachine_IsAnEscapeEveryRun(string kind) => AssertEscapes(kind);

    [Theory]
    [MemberData(nameof(ControlledKinds))]
    public void Controlled_IdleMachine_CompletesEveryRun(string kind) => AssertCompletes(kind);

    [Fact]
    public void Deadlock_IdleMachine_IsADeadlockEveryRun() => AssertDeadlocks();

    internal static void AssertCompletes(string kind)
    {
        for (int run = 0; run < Runs; run++)
        {
            AsynkitLoop.Run(() => Controlled(kind)).ShouldBe(42, $"run {run}");
        }
    }

    internal static void AssertDeadlocks()
    {
        for (int run = 0; run < Runs; run++)
        {
            Should.Throw<DeadlockException>(() => AsynkitLoop.Run(async () =>
            {
                var never = new TaskCompletionSource();
                await Task.Run(() => { });
                await never.Task;
            }), $"run {run}");
        }
    }

    internal static void AssertEscapes(string kind)
    {
        for (int run = 0; run < Runs; run++)
        {
            using var release = new ManualResetEventSlim();
            Exception? failure = Record.Exception(() => AsynkitLoop.Run(() => Escape(kind, release)));
            release.Set();
            failure.ShouldBeOfType<UncontrolledConcurrencyException>($"run {run}: {failure}");
        }
    }

    private static async Task Escape(string kind, ManualResetEventSlim release)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        switch (kind)
        {
            case "real Task.Delay(2 s)":
                await Task.Delay(TimeSpan.FromSeconds(2));
                break;
            case "real CancellationTokenSource around a virtual wait":
                using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
                {
                    await Task.Delay(TimeSpan.FromHours(1), loop.Clock, cts.Token);
                }

                break;
            case "System.Threading.Timer":
                var fired = new TaskCompletionSource();
                using (new Timer(_ => fired.TrySetResult(), null, 2000, Timeout.Infinite))
                {
                    await fired.Task;
                }

                break;
            case "SemaphoreSlim.WaitAsync(timeout) never released":
                using (var never = new SemaphoreSlim(0))
                {
                    await never.WaitAsync(TimeSpan.FromSeconds(2));
                }

                break;
            default:
                await Task.Factory.StartNew(() => release.Wait(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                break;
        }
    }

    private static async Task<int> Controlled(string kind)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        switch (kind)
        {
            case "Task.Run that sleeps":
                return await Task.Run(() =>
                {
                    Thread.Sleep(1);
                    return 42;
                });
            case "ConfigureAwait(false) hop":
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                await Task.Yield();
                return 42;
            case "contended SemaphoreSlim.WaitAsync(token)":
                using (var gate = new SemaphoreSlim(0))
                {
                    LoopTask waiter = loop.CreateTask(() => gate.WaitAsync(new CancellationTokenSource().Token), "waiter");
                    await Task.Yield();
                    gate.Release();
                    await waiter;
                    return 42;
                }

            default:
                return Task.Run(() => 42).Result;
        }
    }
}
