using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Runs a test's schedules on a dedicated background thread and abandons that thread when a schedule is stuck in one
/// synchronous step: the loop's own wall-clock budget is checked between steps, so it cannot stop a step that never returns.</summary>
internal static class LoopThread
{
    private static readonly TimeSpan s_minimumGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_maximumGrace = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="work"/> on a new thread and waits for it. A schedule (a run of <paramref name="body"/>) that
    /// lasts longer than <paramref name="scheduleBudget"/> plus a grace period is declared stuck: the thread is abandoned and
    /// <see cref="TimeoutException"/> thrown. An infinite budget waits forever.</summary>
    public static T Run<T>(Func<T> work, TestBody body, TimeSpan scheduleBudget, string name)
    {
        T? result = default;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception ex)
            {
                error = ExceptionDispatchInfo.Capture(ex);
            }
        })
        {
            IsBackground = true,
            Name = name.Length > 100 ? name[..100] : name,
        };

        long started = Stopwatch.GetTimestamp();
        thread.Start();
        if (scheduleBudget == Timeout.InfiniteTimeSpan)
        {
            thread.Join();
        }
        else
        {
            TimeSpan limit = scheduleBudget + Grace(scheduleBudget);
            TimeSpan wait = limit;
            while (!thread.Join(wait))
            {
                long since = body.LastStartTimestamp;
                TimeSpan running = Stopwatch.GetElapsedTime(since == 0 ? started : since);
                if (running >= limit)
                {
                    string? stuck = body.Loop?.DescribeRunningStep();
                    throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                        $"Schedule {body.Runs} of the test has run for {running.TotalSeconds:N1} s without finishing, past its wall-clock budget of {scheduleBudget.TotalMilliseconds:N0} ms: a step is stuck in synchronous code (a blocking wait the loop cannot see, such as Thread.Sleep, a spin, or a wait on a thread outside the loop; or a loop that never awaits), where the loop's own budget check cannot run.{(stuck is null ? "" : $" The stuck step: {stuck}.")} The loop thread '{thread.Name}' was abandoned and may keep running in the background."));
                }

                wait = limit - running + TimeSpan.FromMilliseconds(1);
            }
        }

        error?.Throw();
        return result!;
    }

    private static TimeSpan Grace(TimeSpan budget)
    {
        TimeSpan quarter = budget / 4;
        return quarter < s_minimumGrace ? s_minimumGrace : quarter > s_maximumGrace ? s_maximumGrace : quarter;
    }
}
