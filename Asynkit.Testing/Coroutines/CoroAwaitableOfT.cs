using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>An object that can be awaited any number of times; each await runs a fresh coroutine and gives its result.</summary>
/// <typeparam name="T">The coroutine's result type.</typeparam>
public sealed class CoroAwaitable<T>
{
    private readonly Func<Task<T>> _factory;

    internal CoroAwaitable(Func<Task<T>> factory) => _factory = factory;

    /// <summary>Starts a fresh coroutine and returns it as a Task.</summary>
    public Task<T> AsTask() => _factory() ?? throw new InvalidOperationException("Coro.Iter: the factory returned a null Task.");

    /// <summary>Starts a fresh coroutine and returns its awaiter.</summary>
    public TaskAwaiter<T> GetAwaiter() => AsTask().GetAwaiter();
}
