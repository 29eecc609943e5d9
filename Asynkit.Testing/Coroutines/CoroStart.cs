using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>A coroutine without a result, started at once and run until it suspends, returns or throws; see <see cref="CoroStart{T}"/>.</summary>
public sealed class CoroStart : IAsyncDisposable
{
    private static readonly Func<Exception, Task> s_fault = Task.FromException;

    /// <summary>Creates the CoroStart and, with <paramref name="autoStart"/>, starts the coroutine at once.</summary>
    /// <param name="coroutine">The async method to start.</param>
    /// <param name="context">The ExecutionContext (AsyncLocal values) to start it in; null runs it in the caller's.</param>
    /// <param name="autoStart">False to start it later with <see cref="Start"/>.</param>
    public CoroStart(Func<Task> coroutine, ExecutionContext? context = null, bool autoStart = true)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        Core = new CoroStartCore(coroutine, null, s_fault, context);
        if (autoStart)
        {
            Core.Start(null);
        }
    }

    /// <summary>Creates the CoroStart for a coroutine taking a token, which <see cref="Close"/> and <see cref="CloseAsync"/> cancel.</summary>
    public CoroStart(Func<CancellationToken, Task> coroutine, ExecutionContext? context = null, bool autoStart = true)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        Core = new CoroStartCore(null, coroutine, s_fault, context);
        if (autoStart)
        {
            Core.Start(null);
        }
    }

    /// <summary>True when the coroutine finished (returned or threw) during its start.</summary>
    public bool IsDone => Core.IsDone;

    /// <summary>True when the coroutine suspended during its start and has not been continued yet.</summary>
    public bool IsPending => Core.IsPending;

    /// <summary>True once the coroutine has been awaited (continued) or closed.</summary>
    public bool IsContinued => Core.IsContinued;

    /// <summary>The coroutine's state: New before its start, Running, Suspended, or Finished.</summary>
    public LoopTaskState State => Core.State;

    /// <summary>Where the coroutine waits: method and, when PDBs are present, file:line; null when it is not suspended.</summary>
    public string? SuspendedAt => Core.SuspendedAt;

    /// <summary>The coroutine's exception, or null if it returned.</summary>
    /// <exception cref="InvalidOperationException">The coroutine is not done.</exception>
    public Exception? Exception => Core.Exception;

    internal CoroStartCore Core { get; }

    /// <summary>Starts a CoroStart made with autoStart false; returns true when the coroutine is done.</summary>
    /// <exception cref="InvalidOperationException">It was already started, or closed.</exception>
    public bool Start(ExecutionContext? context = null) => Core.Start(context);

    /// <summary>Rethrows the exception of a done coroutine as itself (asynkit's result()); returns if it succeeded.</summary>
    /// <exception cref="InvalidOperationException">The coroutine is not done.</exception>
    public void GetResult() => Core.DoneTask(nameof(GetResult)).GetAwaiter().GetResult();

    /// <summary>Continues the coroutine in the calling task and returns its Task; the held continuation runs in that task.</summary>
    public Task AsCoroutine() => Core.Continue() ?? ContinueAfterStart();

    /// <summary>The completed Task of a done coroutine.</summary>
    /// <exception cref="InvalidOperationException">The coroutine is not done.</exception>
    public Task AsFuture() => Core.AsFuture();

    /// <summary><see cref="AsFuture"/> when done, else <see cref="AsCoroutine"/>.</summary>
    public Task AsAwaitable() => IsDone ? AsFuture() : AsCoroutine();

    /// <summary>Awaits the coroutine (<see cref="AsCoroutine"/>); a second await fails with InvalidOperationException.</summary>
    public TaskAwaiter GetAwaiter() => AsCoroutine().GetAwaiter();

    /// <summary>Closes the coroutine: a suspended one is abandoned, or, if it takes a token, cancelled and run to its end here.</summary>
    public void Close() => Core.Close();

    /// <summary>Closes the coroutine, letting one that takes a token clean up asynchronously in the calling task.</summary>
    public Task CloseAsync() => Core.CloseAsync();

    /// <summary>Same as <see cref="CloseAsync"/>, for <c>await using</c>.</summary>
    public ValueTask DisposeAsync() => new(CloseAsync());

    private async Task ContinueAfterStart()
    {
        await Core.WhenStarted;
        await AsCoroutine();
    }
}
