namespace Asynkit.Testing;

/// <summary>Loop-safe assertions: they only <c>await</c>, so their continuations stay on the loop in every case.</summary>
/// <remarks>Assertion helpers that continue with <c>ContinueWith</c> or on the thread pool can escape the loop when .NET runs
/// a continuation inline (where <see cref="TaskScheduler.Current"/> is the default scheduler); these never do.</remarks>
public static class LoopAssert
{
    /// <summary>Awaits <paramref name="action"/> and returns the exception it throws, which must be a <typeparamref name="TException"/>.</summary>
    /// <exception cref="LoopAssertException">Nothing was thrown, or an exception of another type.</exception>
    public static Task<TException> ThrowsAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(action);
        return ThrowsCoreAsync<TException>(action);
    }

    /// <summary>Awaits <paramref name="task"/> and returns the exception it ends with, which must be a <typeparamref name="TException"/>.</summary>
    /// <exception cref="LoopAssertException">The task succeeded, or ended with an exception of another type.</exception>
    public static Task<TException> ThrowsAsync<TException>(Task task)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(task);
        return ThrowsCoreAsync<TException>(() => task);
    }

    private static async Task<TException> ThrowsCoreAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        try
        {
            await action();
        }
        catch (TException expected)
        {
            return expected;
        }
        catch (Exception other)
        {
            throw new LoopAssertException($"Expected {typeof(TException).Name} but {other.GetType().Name} was thrown: {other.Message}", other);
        }

        throw new LoopAssertException($"Expected {typeof(TException).Name} but nothing was thrown.");
    }
}
