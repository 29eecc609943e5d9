using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>An object that can be awaited any number of times; each await runs a fresh coroutine (asynkit's coro_iter).</summary>
/// <remarks>Made by <see cref="Coro.Iter(Func{Task})"/>. Use it as the value of an <c>await</c>-able property, or return its awaiter from
/// a type's own <c>GetAwaiter()</c> to make that type awaitable by an async method (asynkit's awaitmethod).</remarks>
public sealed class CoroAwaitable
{
    private readonly Func<Task> _factory;

    internal CoroAwaitable(Func<Task> factory) => _factory = factory;

    /// <summary>Starts a fresh coroutine and returns it as a Task.</summary>
    public Task AsTask() => _factory() ?? throw new InvalidOperationException("Coro.Iter: the factory returned a null Task.");

    /// <summary>Starts a fresh coroutine and returns its awaiter.</summary>
    public TaskAwaiter GetAwaiter() => AsTask().GetAwaiter();
}
