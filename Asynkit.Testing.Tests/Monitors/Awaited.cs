namespace Asynkit.Testing.Tests.Monitors;

/// <summary>Loop-safe exception assertions (Shouldly's ThrowAsync continues on the thread pool, which leaves the loop).</summary>
internal static class Awaited
{
    public static async Task<TException> ThrowsAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        try
        {
            await action();
        }
        catch (TException ex)
        {
            return ex;
        }
        catch (Exception ex)
        {
            throw new ShouldAssertException($"Expected {typeof(TException).Name}, but got {ex.GetType().Name}: {ex.Message}", ex);
        }

        throw new ShouldAssertException($"Expected {typeof(TException).Name}, but nothing was thrown.");
    }

    /// <summary>Expects exactly <typeparamref name="TException"/>, not a subclass.</summary>
    public static async Task<TException> ThrowsExactlyAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        TException ex = await ThrowsAsync<TException>(action);
        ex.GetType().ShouldBe(typeof(TException));
        return ex;
    }
}
