namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>The docs' example (docs/xunit.md): a check-then-act race with an await in between.</summary>
public sealed class Inventory
{
    public int Stock { get; private set; } = 10;

    public async Task<bool> TryReserveAsync(int count)
    {
        if (Stock < count)
        {
            return false;                  // check ...
        }

        await Task.Yield();                // ... an await in between (an audit-log write, say) ...
        Stock -= count;                    // ... act
        return true;
    }
}

/// <summary>The docs' fixed example: the check and the act under one async lock.</summary>
public sealed class LockedInventory : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public int Stock { get; private set; } = 10;

    public async Task<bool> TryReserveAsync(int count)
    {
        await _lock.WaitAsync();
        try
        {
            if (Stock < count)
            {
                return false;
            }

            await Task.Yield();
            Stock -= count;
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
