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
            ForeignPost(static _ => { }, null, null, $"{what} was called on the loop");
            throw new InvalidOperationException($"{what} was called from thread {Environment.CurrentManagedThreadId}, but this AsynkitLoop runs on thread {_threadId}: loop objects can only be used on the loop's thread.");
        }
    }

    /// <summary>From a thread the loop does not control: hands <paramref name="work"/> to the loop, which reports it as an escape
    /// (or runs it, under <see cref="EscapePolicy.Wait"/>). Never throws.</summary>
    internal void PostFromForeignThread(Action work, string what) => ForeignPost(s_invokeAction, work, null, what);

    // Never throws: it runs on foreign threads (timer, thread pool) where an exception would crash the process.
    private void ForeignPost(SendOrPostCallback callback, object? state, LoopTask? owner, string? what = null)
    {
        try
        {
            if (!_running)
            {
                Interlocked.Increment(ref _droppedPosts);
                return;
            }

            Thread thread = Thread.CurrentThread;
            ForeignQueue.Enqueue(new ForeignWork(callback, state, owner, thread.ManagedThreadId, thread.IsThreadPoolThread, new StackTrace(2, fNeedFileInfo: true), ForeignControl.LastTimerFiredOnThisThread, what));
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
        (string origin, string fix) = Classify(post);
        var text = new StringBuilder();
        text.Append("Uncontrolled concurrency: ");
        if (post.What is { } what)
        {
            text.Append(what).Append(" from ").Append(post.IsThreadPool ? "thread-pool thread " : "thread ").Append(post.ThreadId);
            text.Append(", which the loop does not control.").AppendLine();
        }
        else
        {
            text.Append(post.Owner is null ? "a callback" : $"task '{post.Owner.Name}' (#{post.Owner.Id})");
            text.Append(" was resumed from ").Append(post.IsThreadPool ? "thread-pool thread " : "thread ").Append(post.ThreadId);
            text.Append(", which the loop does not control, instead of on the loop.").AppendLine();
            text.Append("  continuation: ").AppendLine(StepDescriber.DescribeCallback(post.Callback, post.State));
        }

        text.Append("  origin: ").AppendLine(origin);
        text.Append("  fix: ").AppendLine(fix);
        text.AppendLine("  (to let such work in instead, set LoopOptions.Escapes = EscapePolicy.Wait; the run is then non-deterministic)");
        string userFrames = StackFrames.UserFrames(post.Origin);
        if (userFrames.Length > 0)
        {
            text.AppendLine("  foreign stack, outside the runtime:").Append(userFrames);
        }

        return text.ToString();
    }

    private (string Origin, string Fix) Classify(ForeignWork post)
    {
        if (post.TimerId != 0 && _realTimers is not null && _realTimers.TryGetValue(post.TimerId, out RealTimeTimer? timer))
        {
            (string call, string fix) = RealTimerDiagnosis.Classify(timer);
            return ($"{call}, armed at {StackFrames.FirstUserFrame(timer.ArmedAt) ?? StackFrames.LibraryCall(timer.ArmedAt) ?? "library code"}", fix);
        }

        string frames = post.Origin.ToString();
        if (frames.Contains("System.Threading.TimerQueue", StringComparison.Ordinal))
        {
            return ("a real-time timer: Task.Delay without the loop's clock, System.Threading.Timer, or a CancellationTokenSource/PeriodicTimer on TimeProvider.System",
                "pass the loop's clock: Task.Delay(t, loop.Clock), Scheduling.Sleep(t), new CancellationTokenSource(t, loop.Clock), new PeriodicTimer(t, loop.Clock), loop.Clock.CreateTimer(...)");
        }

        if (!_controlsForeign && (frames.Contains("System.Threading.ThreadPoolWorkQueue", StringComparison.Ordinal)
            || frames.Contains("PortableThreadPool", StringComparison.Ordinal)))
        {
            return ("thread-pool work: Task.Run, ThreadPool.QueueUserWorkItem, Task.Factory.StartNew on the default scheduler, or a continuation that left the loop through ConfigureAwait(false)",
                _options.ControlThreadPool
                    ? "the loop could not take control of the thread pool in this process (the pool's events did not arrive within 5 s of the first run: is EventSource disabled, e.g. by <EventSourceSupport>false</EventSourceSupport> or a trimmed app?); with events available, such work runs as steps of the loop"
                    : "turn LoopOptions.ControlThreadPool back on (the default): then such work runs as steps of the loop");
        }

        if (!post.IsThreadPool)
        {
            return ("a thread the loop does not own (new Thread(...), TaskCreationOptions.LongRunning, or a library's own thread)",
                "start the work with Task.Run or loop.CreateTask: the loop controls thread-pool work, not threads of their own");
        }

        return ("thread-pool work the loop's code did not start (real I/O completing, ThreadPool.RegisterWaitForSingleObject, or work queued outside the loop)",
            "replace the real I/O or outside work with an in-memory fake driven by the loop");
    }

    private sealed record ForeignWork(SendOrPostCallback Callback, object? State, LoopTask? Owner, int ThreadId, bool IsThreadPool, StackTrace Origin, long TimerId, string? What);
}
