using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    // Created on first use: most runs never see a foreign post, and a fresh loop per schedule must be cheap.
    private ConcurrentQueue<ForeignWork>? _foreign;
    private SemaphoreSlim? _foreignSignal;
    private volatile int _foreignPending;
    private bool _foreignEverSeen;
    private int _asyncVoidPending;
    private int _droppedPosts;

    /// <summary>How many posts arrived after the loop had stopped running (they were dropped).</summary>
    internal int DroppedPosts => Volatile.Read(ref _droppedPosts);

    private ConcurrentQueue<ForeignWork> ForeignQueue
    {
        get
        {
            if (_foreign is null)
            {
                Interlocked.CompareExchange(ref _foreign, new ConcurrentQueue<ForeignWork>(), null);
            }

            return _foreign;
        }
    }

    private SemaphoreSlim ForeignSignal
    {
        get
        {
            if (_foreignSignal is null)
            {
                var signal = new SemaphoreSlim(0);
                if (Interlocked.CompareExchange(ref _foreignSignal, signal, null) is not null)
                {
                    signal.Dispose();
                }
            }

            return _foreignSignal;
        }
    }

    internal void AsyncVoidStarted() => Interlocked.Increment(ref _asyncVoidPending);

    internal void AsyncVoidCompleted() => Interlocked.Decrement(ref _asyncVoidPending);

    internal void ReportForeignSend(SendOrPostCallback callback, object? state, LoopTask? owner) =>
        ForeignPost(callback, state, owner);

    /// <summary>Throws unless called on the loop's thread (or while the loop is not running).</summary>
    internal void EnsureLoopThread(string what)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_running && !IsLoopThread)
        {
            ReportForeignSend(static _ => { }, what, _current);
            throw new InvalidOperationException($"{what} was called from thread {Environment.CurrentManagedThreadId}, but this AsynkitLoop runs on thread {_threadId}: loop objects can only be used on the loop's thread.");
        }
    }

    // Never throws: it runs on foreign threads (timer, thread pool) where an exception would crash the process.
    private void ForeignPost(SendOrPostCallback callback, object? state, LoopTask? owner)
    {
        try
        {
            if (!_running)
            {
                Interlocked.Increment(ref _droppedPosts);
                return;
            }

            Thread thread = Thread.CurrentThread;
            ForeignQueue.Enqueue(new ForeignWork(callback, state, owner, thread.ManagedThreadId, thread.IsThreadPoolThread, new StackTrace(2, fNeedFileInfo: false)));
            Interlocked.Increment(ref _foreignPending);
            ForeignSignal.Release();
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _droppedPosts);
        }
    }

    private void HandleForeignPosts()
    {
        _foreignEverSeen = true;
        if (_options.Escapes == EscapePolicy.Fail)
        {
            ForeignQueue.TryPeek(out ForeignWork? first);
            throw new UncontrolledConcurrencyException(DescribeEscape(first!));
        }

        while (ForeignQueue.TryDequeue(out ForeignWork? post))
        {
            Interlocked.Decrement(ref _foreignPending);
            IsDeterministic = false;
            Enqueue(new ReadyEntry(post.Callback, post.State, post.Owner, null));
        }
    }

    private string DescribeEscape(ForeignWork post)
    {
        string frames = post.Origin.ToString();
        (string origin, string fix) = Classify(frames);
        var text = new StringBuilder();
        text.Append("Uncontrolled concurrency: ");
        text.Append(post.Owner is null ? "a callback" : $"task '{post.Owner.Name}' (#{post.Owner.Id})");
        text.Append(" was resumed from ").Append(post.IsThreadPool ? "thread-pool thread " : "thread ").Append(post.ThreadId);
        text.Append(" instead of the loop's thread ").Append(_threadId).AppendLine(".");
        text.Append("  continuation: ").AppendLine(StepDescriber.DescribeCallback(post.Callback, post.State));
        text.Append("  origin: ").AppendLine(origin);
        text.Append("  fix: ").AppendLine(fix);
        text.AppendLine("  (to let foreign work in instead, set LoopOptions.Escapes = EscapePolicy.Wait; the run is then non-deterministic)");
        string userFrames = UserFrames(post.Origin);
        if (userFrames.Length > 0)
        {
            text.AppendLine("  foreign stack, outside the runtime:").Append(userFrames);
        }

        return text.ToString();
    }

    private static (string Origin, string Fix) Classify(string frames)
    {
        if (frames.Contains("System.Threading.TimerQueue", StringComparison.Ordinal))
        {
            return ("a real-time timer: Task.Delay without the loop's clock, System.Threading.Timer, or a CancellationTokenSource/PeriodicTimer on TimeProvider.System",
                "pass the loop's clock: Task.Delay(t, loop.Clock), Scheduling.Sleep(t), new CancellationTokenSource(t, loop.Clock), new PeriodicTimer(t, loop.Clock), loop.Clock.CreateTimer(...)");
        }

        if (frames.Contains("System.Threading.ThreadPoolWorkQueue", StringComparison.Ordinal)
            || frames.Contains("PortableThreadPool", StringComparison.Ordinal))
        {
            return ("thread-pool work: Task.Run, ThreadPool.QueueUserWorkItem, Task.Factory.StartNew on the default scheduler, or a continuation that left the loop through ConfigureAwait(false)",
                "start concurrent work with loop.CreateTask(...) (or Task.Factory.StartNew(..., loop.TaskScheduler)), and drop ConfigureAwait(false) in code run under the loop");
        }

        return ("a thread the loop does not own", "keep the code under test on the loop: no threads, Task.Run or real timers");
    }

    private static string UserFrames(StackTrace trace)
    {
        var text = new StringBuilder();
        int shown = 0;
        foreach (StackFrame frame in trace.GetFrames())
        {
            System.Reflection.MethodBase? method = frame.GetMethod();
            string ns = method?.DeclaringType?.Namespace ?? string.Empty;
            if (method is null || IsInfrastructure(ns))
            {
                continue;
            }

            text.Append("    at ").Append(StepDescriber.DescribeMethod(method));
            if (frame.GetFileName() is { } file)
            {
                text.Append(" in ").Append(Path.GetFileName(file)).Append(':').Append(frame.GetFileLineNumber());
            }

            text.AppendLine();
            if (++shown == 5)
            {
                break;
            }
        }

        return text.ToString();
    }

    private static bool IsInfrastructure(string ns) =>
        ns.StartsWith("System", StringComparison.Ordinal)
        || ns.StartsWith("Microsoft", StringComparison.Ordinal)
        || ns.StartsWith("Xunit", StringComparison.Ordinal)
        || (ns.StartsWith("Asynkit.Testing", StringComparison.Ordinal) && !ns.StartsWith("Asynkit.Testing.Tests", StringComparison.Ordinal));

    private sealed record ForeignWork(SendOrPostCallback Callback, object? State, LoopTask? Owner, int ThreadId, bool IsThreadPool, StackTrace Origin);
}
