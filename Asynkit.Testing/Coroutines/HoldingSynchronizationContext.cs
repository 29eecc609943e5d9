namespace Asynkit.Testing;

/// <summary>The context a <see cref="CoroStart"/> starts its coroutine in: it holds the continuations posted to it until some task
/// continues the coroutine, then forwards them (and all later ones) to that task's context.</summary>
/// <remarks>
/// Every await in the start phase captures this context, so when the awaited thing completes, the coroutine's continuation lands
/// here instead of running. That is how a pending CoroStart holds its continuation, as asynkit's CoroStart holds the future its
/// coroutine yielded. Once resumed in the awaiting task, later awaits capture that task's own context.
/// </remarks>
internal sealed class HoldingSynchronizationContext : SynchronizationContext
{
    private static readonly SendOrPostCallback s_repost = static state =>
    {
        var post = (Repost)state!;
        post.Holder.Post(post.Callback, post.State);
    };

    private readonly AsynkitLoop? _loop;
    private readonly Lock _gate = new();
    private List<(SendOrPostCallback Callback, object? State)>? _held;
    private SynchronizationContext? _target;
    private bool _dropped;

    internal HoldingSynchronizationContext(AsynkitLoop? loop) => _loop = loop;

    /// <summary>How many continuations are waiting to be forwarded.</summary>
    internal int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _held?.Count ?? 0;
            }
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (_loop is { IsRunning: true } loop && !loop.IsLoopThread)
        {
            // From another thread: hand it to the loop, which reports the escape (or, when escapes are allowed, brings it back
            // to the loop thread, where it is held or forwarded like any other continuation).
            loop.Post(s_repost, new Repost(this, d, state), null);
            return;
        }

        SynchronizationContext? target;
        lock (_gate)
        {
            if (_dropped)
            {
                return;
            }

            target = _target;
            if (target is null)
            {
                (_held ??= []).Add((d, state));
                return;
            }
        }

        target.Post(d, state);
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    public override void OperationStarted() => _loop?.AsyncVoidStarted();

    public override void OperationCompleted() => _loop?.AsyncVoidCompleted();

    public override string ToString() => "CoroStart (holding its continuation)";

    /// <summary>Forwards the held continuations, and every later one, to <paramref name="target"/>.</summary>
    internal void Bind(SynchronizationContext target)
    {
        List<(SendOrPostCallback Callback, object? State)>? held;
        lock (_gate)
        {
            if (_dropped)
            {
                return;
            }

            _target = target;
            held = _held;
            _held = null;
        }

        if (held is not null)
        {
            foreach ((SendOrPostCallback callback, object? state) in held)
            {
                target.Post(callback, state);
            }
        }
    }

    /// <summary>Takes the oldest held continuation, to run it synchronously.</summary>
    internal bool TryTakeHeld(out SendOrPostCallback callback, out object? state)
    {
        lock (_gate)
        {
            if (_held is { Count: > 0 } held)
            {
                (callback, state) = held[0];
                held.RemoveAt(0);
                return true;
            }
        }

        callback = null!;
        state = null;
        return false;
    }

    /// <summary>Abandons the coroutine: held and future continuations are dropped, so it never resumes.</summary>
    internal void Drop()
    {
        lock (_gate)
        {
            _dropped = true;
            _held = null;
        }
    }

    private sealed record Repost(HoldingSynchronizationContext Holder, SendOrPostCallback Callback, object? State);
}
