namespace Asynkit.Testing;

/// <summary>Names a real-time timer by the call that armed it, and says how to put it on the loop's clock.</summary>
internal static class RealTimerDiagnosis
{
    /// <summary>What armed <paramref name="timer"/> and the fix, read from the stack at the moment it was armed.</summary>
    internal static (string Call, string Fix) Classify(RealTimeTimer timer)
    {
        var stack = timer.ArmedAt;
        int due = timer.DueMilliseconds;
        if (StackFrames.Contains(stack, "System.Threading.RateLimiting"))
        {
            return ($"the replenishment timer of a System.Threading.RateLimiting limiter ({StackFrames.LibraryCall(stack)}), every {timer.PeriodMilliseconds} ms of real time",
                "the replenishing limiters read the real clock (Environment.TickCount), even in TryReplenish, so they cannot follow the loop's clock: let the code under test take its RateLimiter from outside, and give the test one on the loop's clock (a token bucket on a TimeProvider, docs/foreign-work.md) or a ConcurrencyLimiter");
        }

        if (StackFrames.Contains(stack, "Polly"))
        {
            return ($"a Polly timer on TimeProvider.System ({StackFrames.LibraryCall(stack)}, {due} ms)",
                "give the pipeline the loop's clock: new ResiliencePipelineBuilder { TimeProvider = loop.Clock }");
        }

        if (StackFrames.Contains(stack, "Microsoft.Extensions.Hosting"))
        {
            return ($"a Microsoft.Extensions.Hosting timeout on the real clock ({StackFrames.LibraryCall(stack)}, {due} ms)",
                "the host times its start and stop (HostOptions.StartupTimeout/ShutdownTimeout) on the real clock: make sure hosted services stop without waiting for that timeout, or pass a CancellationToken made with new CancellationTokenSource(timeout, loop.Clock)");
        }

        if (StackFrames.Calls(stack, "System.Threading.SemaphoreSlim"))
        {
            return ($"SemaphoreSlim.WaitAsync with a timeout ({due} ms): it times out on the real clock",
                "SemaphoreSlim has no TimeProvider overload: call WaitAsync(token) with a token from new CancellationTokenSource(timeout, loop.Clock)");
        }

        if (StackFrames.Calls(stack, "System.Threading.Tasks.Task", "WaitAsync"))
        {
            return ($"Task.WaitAsync with a timeout ({due} ms) on TimeProvider.System", "pass the loop's clock: task.WaitAsync(timeout, loop.Clock)");
        }

        if (StackFrames.Calls(stack, "System.Threading.Tasks.Task", "Delay"))
        {
            return ($"Task.Delay({due} ms) without a TimeProvider", "pass the loop's clock: Task.Delay(delay, loop.Clock), or use Scheduling.Sleep(delay)");
        }

        if (StackFrames.Calls(stack, "System.Threading.PeriodicTimer"))
        {
            return ($"a PeriodicTimer on TimeProvider.System ({due} ms)", "pass the loop's clock: new PeriodicTimer(period, loop.Clock)");
        }

        if (StackFrames.Calls(stack, "System.Threading.CancellationTokenSource"))
        {
            return ($"a CancellationTokenSource timeout ({due} ms) on TimeProvider.System", "create it on the loop's clock: new CancellationTokenSource(delay, loop.Clock)");
        }

        if (StackFrames.Calls(stack, "System.Threading.Timer"))
        {
            return ($"a System.Threading.Timer ({due} ms)", "use the loop's clock: loop.Clock.CreateTimer(callback, state, dueTime, period)");
        }

        return ($"a real-time timer ({StackFrames.LibraryCall(stack) ?? "TimerQueueTimer"}, {due} ms)", "pass the loop's clock (loop.Clock) wherever the code takes a TimeProvider");
    }
}
