namespace Asynkit.Testing;

/// <summary>Makes an async generator out of ordinary async code: the body, or any helper or task it awaits, calls
/// <see cref="YieldAsync"/> (asynkit's GeneratorObject and ayield).</summary>
/// <typeparam name="T">The type of the values yielded.</typeparam>
/// <remarks>Unlike a C# async iterator, the yield need not be in the iterator method itself: helpers several calls deep can yield.
/// Built on <see cref="OobMonitor"/>: one iteration of a GeneratorObject runs at a time.</remarks>
public sealed class GeneratorObject<T>
{
    private readonly OobMonitor _monitor = new();

    /// <summary>Yields <paramref name="value"/> to the consumer and suspends until it asks for the next value; returns the value it
    /// sent (<see cref="GeneratorObjectIterator{T}.SendAsync"/>), or null for a plain MoveNextAsync.</summary>
    /// <exception cref="InvalidOperationException">No iteration of this generator is running (the returned task is faulted).</exception>
    public Task<object?> YieldAsync(T value) => _monitor.Oob(value, "GeneratorObject.YieldAsync");

    /// <summary>Creates a generator that runs <paramref name="body"/> and produces every value yielded while it runs (asynkit's <c>gen_obj(coro)</c>).</summary>
    /// <remarks>The body starts at the first MoveNextAsync/SendAsync, inside the consuming task.</remarks>
    public GeneratorObjectIterator<T> Iterate(Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new GeneratorObjectIterator<T>(_monitor.CreateCoroutine(body));
    }
}
