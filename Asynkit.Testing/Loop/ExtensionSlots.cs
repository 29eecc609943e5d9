namespace Asynkit.Testing;

/// <summary>The state that features above the loop attach to one <see cref="LoopTask"/> (<see cref="LoopTask.Extensions"/>) or
/// one <see cref="AsynkitLoop"/> (<see cref="AsynkitLoop.Extensions"/>): at most one value per type, found by its type.</summary>
/// <remarks>
/// <para>This is how a feature keeps per-task or per-loop state without the loop knowing its types (docs/architecture.md):
/// Scheduling's priority inheritance keeps a task's locks and wait-queue entries here, Faults the loop's active FaultSession.
/// A per-task value that derives from <see cref="TaskExtension"/> also hears about the task's priority.</para>
/// <para>Cost: an empty slot set is one null reference; the first value allocates a one-element array, each further type one
/// more. The step path never reads it. Use it on the loop's thread, or before the loop runs.</para>
/// </remarks>
internal struct ExtensionSlots
{
    private object[]? _values;

    /// <summary>The values, in the order they were added.</summary>
    public readonly ReadOnlySpan<object> Values => _values;

    /// <summary>The value of type <typeparamref name="T"/>, or null.</summary>
    public readonly T? Get<T>()
        where T : class
    {
        foreach (object value in Values)
        {
            if (value is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The value of type <typeparamref name="T"/>, created on first use.</summary>
    public T GetOrAdd<T>()
        where T : class, new() => Get<T>() ?? Add(new T());

    /// <summary>Adds <paramref name="value"/>; false (and nothing added) when a value of its type is there already.</summary>
    public bool TryAdd<T>(T value)
        where T : class
    {
        if (Get<T>() is not null)
        {
            return false;
        }

        Add(value);
        return true;
    }

    /// <summary>Removes <paramref name="value"/> itself, if it is there.</summary>
    public void Remove(object value)
    {
        int index = Values.IndexOf(value);
        if (index < 0)
        {
            return;
        }

        _values = _values!.Length == 1 ? null : [.. _values[..index], .. _values[(index + 1)..]];
    }

    private T Add<T>(T value)
        where T : class
    {
        _values = _values is null ? [value] : [.. _values, value];
        return value;
    }
}
