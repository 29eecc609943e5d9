using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;

namespace Asynkit.Testing.Exploration;

/// <summary>Runs a test's schedules on a dedicated background thread and abandons that thread when a schedule is stuck in one
/// synchronous step: the loop's own wall-clock budget is checked between steps, so it cannot stop a step that never returns.</summary>
internal static class LoopThread
{
    private static readonly TimeSpan s_minimumGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_maximumGrace = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="work"/> on a new thread and waits for it. A schedule (a run watched by
    /// <paramref name="watch"/>) that lasts longer than <paramref name="scheduleBudget"/> plus a grace period is declared stuck:
    /// the thread is abandoned and <see cref="TimeoutException"/> thrown. An infinite budget waits forever.</summary>
    /// <param name="work">The exploration.</param>
    /// <param name="watch">Sees every run of the test body start.</param>
    /// <param name="scheduleBudget">One schedule's wall-clock budget.</param>
    /// <param name="name">The thread's name.</param>
    /// <param name="isolate">Start the thread with a clean ExecutionContext: no AsyncLocal value of the caller (a test
    /// framework's context, which records every failed assertion of every run) reaches the runs.</param>
    public static T Run<T>(Func<T> work, RunWatch watch, TimeSpan scheduleBudget, string name, bool isolate = false)
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
        if (isolate)
        {
            using (ExecutionContext.SuppressFlow())
            {
                thread.Start();
            }
        }
        else
        {
            thread.Start();
        }

        if (scheduleBudget == Timeout.InfiniteTimeSpan)
        {
            thread.Join();
        }
        else
        {
            Watch(thread, watch, scheduleBudget, started);
        }

        error?.Throw();
        return result!;
    }

    private static void Watch(Thread thread, RunWatch watch, TimeSpan scheduleBudget, long started)
    {
        TimeSpan limit = scheduleBudget + Grace(scheduleBudget);
        TimeSpan wait = limit;
        while (!thread.Join(wait))
        {
            long since = watch.LastStartTimestamp;
            TimeSpan running = Stopwatch.GetElapsedTime(since == 0 ? started : since);
            if (running >= limit)
            {
                string? stuck = watch.Loop?.DescribeRunningStep();
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"Schedule {watch.Runs} of the test has run for {running.TotalSeconds:N1} s without finishing, past its wall-clock budget of {scheduleBudget.TotalMilliseconds:N0} ms: a step is stuck in synchronous code (a blocking wait the loop cannot see, such as Thread.Sleep, a spin, or a wait on a thread outside the loop; or a loop that never awaits), where the loop's own budget check cannot run.{(stuck is null ? "" : $" The stuck step: {stuck}.")} The loop thread '{thread.Name}' was abandoned and may keep running in the background."));
            }

            wait = limit - running + TimeSpan.FromMilliseconds(1);
        }
    }

    private static TimeSpan Grace(TimeSpan budget)
    {
        TimeSpan quarter = budget / 4;
        return quarter < s_minimumGrace ? s_minimumGrace : quarter > s_maximumGrace ? s_maximumGrace : quarter;
    }
}
