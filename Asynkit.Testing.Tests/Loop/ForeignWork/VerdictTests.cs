using Asynkit.Examples.Foreign;

namespace Asynkit.Testing.Tests;

/// <summary>The verdict of a run never depends on timing: an escape is an escape and a deadlock a deadlock, on an idle machine
/// and with every thread-pool thread busy (<see cref="BusyPoolVerdictTests"/>), run after run.</summary>
[Collection(BusyPoolTests.Name)]
public sealed class VerdictTests
{
    private const int Runs = 50;

    public static TheoryData<string> EscapeKinds() => [.. EscapePrograms.Kinds];

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
            Exception? failure = Record.Exception(() => AsynkitLoop.Run(() => EscapePrograms.Run(kind, release)));
            release.Set();
            failure.ShouldBeOfType<UncontrolledConcurrencyException>($"run {run}: {failure}");
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
