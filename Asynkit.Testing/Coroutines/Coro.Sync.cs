namespace Asynkit.Testing;

public static partial class Coro
{
    private static readonly Func<Exception, Task> s_fault = Task.FromException;

    /// <summary>Runs <paramref name="coroutine"/> to completion synchronously, if it never truly suspends (asynkit's await_sync).</summary>
    /// <remarks>
    /// <para><c>await Task.Yield()</c> (and any continuation the coroutine posts to its own context) counts as a null sleep and is
    /// run at once, as asynkit's ignore_nullsleep. Anything that must wait for another task, a timer or the loop (including
    /// <see cref="Scheduling.Sleep"/>, which goes through the loop) is a real suspension.</para>
    /// <para>On a real suspension the coroutine is abandoned: it never resumes (continuations posted later are dropped), and .NET
    /// cannot run its <c>finally</c> blocks. Use the overload taking a <see cref="CancellationToken"/> to let it react.</para>
    /// <para>Works with or without a running loop; inside one, the coroutine runs in the calling task.</para>
    /// </remarks>
    /// <returns>The coroutine's result; its exception is rethrown as itself.</returns>
    /// <exception cref="SynchronousException">The coroutine suspended; the message says where.</exception>
    public static T AwaitSync<T>(Func<Task<T>> coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        return ((Task<T>)DriveSync(coroutine, null, static error => Task.FromException<T>(error), nameof(AwaitSync))).GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="coroutine"/> to completion synchronously, if it never truly suspends.</summary>
    /// <exception cref="SynchronousException">The coroutine suspended.</exception>
    public static void AwaitSync(Func<Task> coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        DriveSync(coroutine, null, s_fault, nameof(AwaitSync)).GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="coroutine"/> synchronously; if it suspends, its token is cancelled and it runs on synchronously:
    /// if it then returns, that value is used (it decided not to block after all), as asynkit's SynchronousAbort.</summary>
    /// <exception cref="SynchronousException">The coroutine suspended, and then ended with cancellation or suspended again.</exception>
    public static T AwaitSync<T>(Func<CancellationToken, Task<T>> coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        using var abort = new CancellationTokenSource();
        return ((Task<T>)DriveSync(() => coroutine(abort.Token), abort, static error => Task.FromException<T>(error), nameof(AwaitSync))).GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="coroutine"/> synchronously; if it suspends, its token is cancelled and it runs on synchronously.</summary>
    /// <exception cref="SynchronousException">The coroutine suspended, and then ended with cancellation or suspended again.</exception>
    public static void AwaitSync(Func<CancellationToken, Task> coroutine)
    {
        ArgumentNullException.ThrowIfNull(coroutine);
        using var abort = new CancellationTokenSource();
        DriveSync(() => coroutine(abort.Token), abort, s_fault, nameof(AwaitSync)).GetAwaiter().GetResult();
    }

    /// <summary>Iterates an async sequence synchronously, each step driven as by <see cref="AwaitSync{T}(Func{CancellationToken, Task{T}})"/>
    /// (asynkit's aiter_sync); the enumerator's token is cancelled when a step suspends.</summary>
    /// <exception cref="SynchronousException">A step suspended (thrown by the enumeration).</exception>
    public static IEnumerable<T> AiterSync<T>(IAsyncEnumerable<T> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return IterateSync(source);
    }

    private static IEnumerable<T> IterateSync<T>(IAsyncEnumerable<T> source)
    {
        using var abort = new CancellationTokenSource();
        IAsyncEnumerator<T> enumerator = source.GetAsyncEnumerator(abort.Token);
        bool abandoned = false;
        try
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = ((Task<bool>)DriveSync(() => enumerator.MoveNextAsync().AsTask(), abort, static error => Task.FromException<bool>(error), nameof(AiterSync))).GetAwaiter().GetResult();
                }
                catch (SynchronousException)
                {
                    abandoned = true;
                    throw;
                }

                if (!moved)
                {
                    break;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            // An enumerator whose step was abandoned is still inside that step: it cannot be disposed.
            if (!abandoned)
            {
                DriveSync(() => enumerator.DisposeAsync().AsTask(), null, s_fault, nameof(AiterSync)).GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>Starts the coroutine in a <see cref="SyncDriveContext"/> and drives it; returns its completed Task or throws
    /// <see cref="SynchronousException"/>.</summary>
    private static Task DriveSync(Func<Task> start, CancellationTokenSource? abort, Func<Exception, Task> fault, string member)
    {
        var context = new SyncDriveContext();
        Task task = context.Start(start, fault);
        if (task.IsCompleted)
        {
            return task;
        }

        string where = AsyncStackInspector.DescribeSuspension(task) ?? "an await that does not complete synchronously";
        if (abort is not null)
        {
            // Cancel, not CancelAsync: the callbacks must run here, synchronously.
            abort.Cancel();
            context.Continue(task);
            if (task.IsCompleted)
            {
                if (CoroStartCore.ExceptionOf(task) is OperationCanceledException canceled && abort.IsCancellationRequested)
                {
                    throw new SynchronousException($"Coro.{member}: the coroutine failed to complete synchronously: it suspended at {where}, and ended with cancellation when aborted.", canceled);
                }

                return task;
            }
        }

        context.Abandon();
        throw new SynchronousException($"Coro.{member}: the coroutine failed to complete synchronously: it suspended at {where} (it is abandoned and will not resume).");
    }
}
