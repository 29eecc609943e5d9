using System.Runtime.ExceptionServices;

namespace Asynkit.Testing;

/// <summary>The loop-owned wait behind a plain <c>await loopTask</c> (<see cref="LoopTaskAwaiter"/>): it resumes the awaiting
/// task exactly where and when the promise's own continuation would have, or earlier with an interrupt
/// (<see cref="Scheduling.TaskThrow"/>, <see cref="Scheduling.TaskInterrupt"/>, <see cref="Scheduling.TaskTimeout"/>).</summary>
/// <remarks>
/// <para>No promise of its own: the awaiter asks it for the interrupt in GetResult, so a blocking await costs this object, one
/// delegate and the continuation a plain await also makes. <see cref="LoopWait.Task"/> is the awaited promise, which is what
/// the awaiter shows to the async-stack walk of <see cref="Interrupts"/>.</para>
/// <para>Order: a plain await registers a SynchronizationContext continuation on the promise; when the promise completes it
/// runs inline if the awaiting task's context is current, else it is posted to that context (and when a promise has several
/// await continuations, the runtime posts all but the first before running the first). This wait registers the same kind
/// of continuation, under a router context, so it fires at the same moment and in the same position; the router turns the
/// post into the wait's wake at that moment (inline when the owner's context is current), so the number of steps and the
/// ready-queue order are unchanged. Known limit: the runtime also posts instead of inlining when the stack is nearly full or
/// for the non-first continuations above; in those cases, which need the awaited task to finish inside a step of the
/// awaiting task itself, this wait resumes inline where a plain await would take one more step.</para>
/// </remarks>
internal sealed class LoopTaskWait : LoopWait
{
    private static readonly SendOrPostCallback s_resume = static state => ((Action)state!)();
    private static readonly WakeRouter s_router = new();

    private readonly Task _awaited;
    private Action? _continuation;
    private ExceptionDispatchInfo? _interrupt;

    private LoopTaskWait(LoopTask owner, Task awaited)
        : base(owner) => _awaited = awaited;

    internal override Task Task => _awaited;

    /// <summary>True once the outcome is delivered: the awaiter may call GetResult.</summary>
    internal bool IsSettled { get; private set; }

    internal override Delegate? Resumes => _continuation;

    /// <summary>A wait for the current task's await of <paramref name="awaited"/> (not yet completed), or null when that await
    /// cannot be loop-owned: the current SynchronizationContext is not the own context of the loop's current task (a plain
    /// callback, a coroutine driven through a monitor or CoroStart, Coro.Eager's synchronous part, another thread or loop).</summary>
    /// <remarks>A pending interrupt of the task (a timeout that found it at an await the loop does not own) fails the wait at
    /// once: the await then completes synchronously and raises it, as at any other loop-owned wait.</remarks>
    internal static LoopTaskWait? ForCurrent(LoopTask awaited)
    {
        AsynkitLoop loop = awaited.Loop;
        if (SynchronizationContext.Current is not LoopSynchronizationContext { Owner: { } owner } || owner.Loop != loop || !loop.IsCurrent(owner))
        {
            return null;
        }

        var wait = new LoopTaskWait(owner, awaited.PromiseTask);
        if (owner.PendingInterrupt is not null)
        {
            wait.Begin();
        }

        return wait;
    }

    /// <summary>Registers the awaiter's continuation: it runs in the owner's wake step (or inline, see the remarks of the type).</summary>
    internal void OnCompleted(Action continuation)
    {
        if (IsSettled)
        {
            Owner.Context.Post(s_resume, continuation);
            return;
        }

        if (!Begin())
        {
            // A pending interrupt arrived between GetAwaiter and OnCompleted: resume in the owner's next step, raising it.
            Owner.Context.Post(s_resume, continuation);
            return;
        }

        _continuation = continuation;

        // Registered exactly as a plain await's continuation (a SynchronizationContext continuation of the promise), so that it
        // runs at the same moment and in the same position among the promise's continuations (the runtime posts all but the
        // first await continuation of a promise before running the first); the router turns its post into this wait's wake.
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(s_router);
        try
        {
            _awaited.GetAwaiter().UnsafeOnCompleted(AwaitedDone);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary><paramref name="continuation"/> run under the ExecutionContext current now (for the awaiter's safe OnCompleted).</summary>
    internal static Action FlowingExecutionContext(Action continuation)
    {
        if (ExecutionContext.Capture() is not { } context)
        {
            return continuation;
        }

        return () => ExecutionContext.Run(context, static state => ((Action)state!)(), continuation);
    }

    /// <summary>Raises the interrupt that ended this wait, if one did.</summary>
    internal void ThrowIfInterrupted() => _interrupt?.Throw();

    protected override void Complete()
    {
        IsSettled = true;
        Resume();
    }

    protected override void Fail(Exception exception)
    {
        _interrupt = ExceptionDispatchInfo.Capture(exception);
        IsSettled = true;
        Resume();
    }

    private void Resume()
    {
        Action? continuation = _continuation;
        _continuation = null;
        continuation?.Invoke();
    }

    private void AwaitedDone()
    {
        // As a plain await's SynchronizationContext continuation: inline when the owner's context is current, else posted.
        if (SynchronizationContext.Current == Owner.Context)
        {
            WakeInline();
        }
        else
        {
            Wake();
        }
    }

    /// <summary>The context a LoopTaskWait registers its promise continuation under: the runtime "posts" the continuation to it
    /// where a plain await's would be posted to the owner's context, and it turns that into the wait's wake (a ready item of
    /// the owner whose state is the wait, so interrupts can find and move it; nothing at all once an interrupt ended the wait).</summary>
    private sealed class WakeRouter : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => ((LoopTaskWait)((Action)state!).Target!).AwaitedDone();

        public override void Send(SendOrPostCallback d, object? state) => Post(d, state);

        public override SynchronizationContext CreateCopy() => this;
    }
}
