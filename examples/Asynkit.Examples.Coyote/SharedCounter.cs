namespace Asynkit.Examples.Coyote;

/// <summary>A counter that several Task.Run workers increment: with a read, an await, and a write, an update can be lost.</summary>
public sealed class SharedCounter : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _value;

    /// <summary>The current value.</summary>
    public int Value => _value;

    /// <summary>The bug: another worker can run between the read and the write.</summary>
    public async Task IncrementAsync()
    {
        int read = _value;
        await Task.Yield();
        _value = read + 1;
    }

    /// <summary>The fix: the read and the write happen under one lock (Coyote controls SemaphoreSlim too).</summary>
    public async Task IncrementSafelyAsync()
    {
        await _gate.WaitAsync();
        try
        {
            int read = _value;
            await Task.Yield();
            _value = read + 1;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _gate.Dispose();
}
