using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>A coroutine started at once and run until it suspends, returns or throws; its continuation is held until a task awaits
/// it, and then runs in that task (asynkit's CoroStart).</summary>
/// <typeparam name="T">The coroutine's result type.</typeparam>
/// <remarks>
/// <para>While pending, the coroutine does not resume by itself when what it awaits completes: it resumes inside whichever task
/// calls <see cref="AsCoroutine"/> (or awaits the CoroStart), as in asynkit. The start phase runs in the calling task.</para>
/// <para>.NET cannot raise an exception inside a suspended async method, so asynkit's <c>throw</c>/<c>athrow</c> have no
/// counterpart. <see cref="Close"/> abandons a suspended coroutine (it never resumes; its <c>finally</c> blocks do not run) unless
/// it was made from a <see cref="Func{CancellationToken, TResult}"/>: then closing cancels its token and lets it finish, the nearest
/// thing to asynkit's GeneratorExit.</para>
/// </remarks>
public sealed class CoroStart<T> : IAsyncDisposable
{
    private static readonly Func<Exception, Task> s_fault = static error => Task.FromException<T>(error);

    /// <summary>Creates the CoroStart and, with <paramref name="autoStart"/>, starts the coroutine at once.</summary>
    /// <param name="coroutine">The async method to start.</param>
    /// <param name="context">The ExecutionContext (AsyncLocal values) to start it in; its continuation carries the context the start
    /// flowed into it. Null runs it in the caller's.</param>
    /// <param name="autoStart">False to start it later with <see cref="Start"/>.</param>
    public CoroStart(Func<Task<T>> coroutine, ExecutionContext? context = null, bool autoStart = true)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        Core = new CoroStartCore(coroutine, null, s_fault, context);
        if (autoStart)
        {
            Core.Start(null);
        }
    }

    /// <summary>Creates the CoroStart for a coroutine taking a token, which <see cref="Close"/> and <see cref="CloseAsync"/> cancel.</summary>
    public CoroStart(Func<CancellationToken, Task<T>> coroutine, ExecutionContext? context = null, bool autoStart = true)
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

    /// <summary>The coroutine's state: New before its start, Running, Suspended, or Finished (asynkit's coro_is_new/suspended/finished).</summary>
    public LoopTaskState State => Core.State;

    /// <summary>Where the coroutine waits: method and, when PDBs are present, file:line; null when it is not suspended.</summary>
    public string? SuspendedAt => Core.SuspendedAt;

    /// <summary>The coroutine's result; rethrows its exception as itself.</summary>
    /// <exception cref="InvalidOperationException">The coroutine is not done.</exception>
    public T Result => ((Task<T>)Core.DoneTask(nameof(Result))).GetAwaiter().GetResult();

    /// <summary>The coroutine's exception, or null if it returned.</summary>
    /// <exception cref="InvalidOperationException">The coroutine is not done.</exception>
    public Exception? Exception => Core.Exception;

    internal CoroStartCore Core { get; }

    /// <summary>Starts a CoroStart made with autoStart false, running the coroutine until it suspends, returns or throws.</summary>
    /// <param name="context">The ExecutionContext for the start; null uses the constructor's, or the caller's.</param>
    /// <returns>True when the coroutine is done.</returns>
    /// <exception cref="InvalidOperationException">It was already started, or closed.</exception>
    public bool Start(ExecutionContext? context = null) => Core.Start(context);

    /// <summary>Continues the coroutine in the calling task and returns its Task; the held continuation runs in that task.</summary>
    /// <remarks>Called before <see cref="Start"/>, the returned Task waits for the start. A second call gives a Task that fails with
    /// InvalidOperationException ("cannot reuse already awaited coroutine").</remarks>
    public Task<T> AsCoroutine() => (Task<T>?)Core.Continue() ?? ContinueAfterStart();

    /// <summary>The completed Task of a done coroutine, with its result or exception.</summary>
    /// <exception cref="InvalidOperationException">The coroutine is not done.</exception>
    public Task<T> AsFuture() => (Task<T>)Core.AsFuture();

    /// <summary><see cref="AsFuture"/> when done, else <see cref="AsCoroutine"/>.</summary>
    public Task<T> AsAwaitable() => IsDone ? AsFuture() : AsCoroutine();

    /// <summary>Awaits the coroutine (<see cref="AsCoroutine"/>); a second await fails with InvalidOperationException.</summary>
    public TaskAwaiter<T> GetAwaiter() => AsCoroutine().GetAwaiter();

    /// <summary>Closes the coroutine: a suspended one is abandoned, or, if it takes a token, cancelled and run to its end here.</summary>
    /// <exception cref="InvalidOperationException">A coroutine with a token awaited again after its cancellation (asynkit: "coroutine
    /// ignored GeneratorExit"); it is abandoned.</exception>
    public void Close() => Core.Close();

    /// <summary>Closes the coroutine, letting one that takes a token clean up asynchronously in the calling task (asynkit's aclose).</summary>
    public Task CloseAsync() => Core.CloseAsync();

    /// <summary>Same as <see cref="CloseAsync"/>, for <c>await using</c> (asynkit's aclosing).</summary>
    public ValueTask DisposeAsync() => new(CloseAsync());

    private async Task<T> ContinueAfterStart()
    {
        await Core.WhenStarted;
        return await AsCoroutine();
    }
}
