namespace Asynkit.Examples.Foreign;

using Asynkit.Testing;

/// <summary>Programs whose run depends on something the loop cannot control (real time, a thread of its own): each must end in
/// an UncontrolledConcurrencyException, never a DeadlockException, however busy the thread pool. Shared by the verdict tests
/// and the benchmark that times how soon the error comes.</summary>
public static class EscapePrograms
{
    public const string RealDelay = "real Task.Delay(2 s)";
    public const string RealTimer = "System.Threading.Timer(2 s)";
    public const string RealCancellation = "real CancellationTokenSource(2 s) around a virtual wait";
    public const string SemaphoreTimeout = "SemaphoreSlim.WaitAsync(2 s) never released";
    public const string LongRunning = "LongRunning task awaited";

    /// <summary>Every kind, by name.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [RealDelay, RealTimer, RealCancellation, SemaphoreTimeout, LongRunning];

    /// <summary>Runs the program <paramref name="kind"/> as a loop task; a LongRunning task waits for <paramref name="release"/>,
    /// which the caller sets once the run has ended.</summary>
    public static async Task Run(string kind, ManualResetEventSlim release)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        switch (kind)
        {
            case RealDelay:
                await Task.Delay(TimeSpan.FromSeconds(2));
                break;
            case RealTimer:
                var fired = new TaskCompletionSource();
                using (new Timer(_ => fired.TrySetResult(), null, 2000, Timeout.Infinite))
                {
                    await fired.Task;
                }

                break;
            case RealCancellation:
                using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
                {
                    await Task.Delay(TimeSpan.FromHours(1), loop.Clock, cts.Token);
                }

                break;
            case SemaphoreTimeout:
                using (var never = new SemaphoreSlim(0))
                {
                    await never.WaitAsync(TimeSpan.FromSeconds(2));
                }

                break;
            case LongRunning:
                await Task.Factory.StartNew(() => release.Wait(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Expected one of: {string.Join(", ", Kinds)}.");
        }
    }
}
