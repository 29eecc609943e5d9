namespace Asynkit.Testing;

/// <summary>How one drive of a monitored coroutine ended: with out-of-band data, or with the coroutine's task completed.</summary>
internal readonly struct DriveOutcome
{
    private DriveOutcome(Task? finished, object? data)
    {
        Finished = finished;
        Data = data;
    }

    /// <summary>True when the coroutine called OobAsync (it is suspended there).</summary>
    public bool IsOob => Finished is null;

    /// <summary>The out-of-band data, when <see cref="IsOob"/>.</summary>
    public object? Data { get; }

    /// <summary>The coroutine's completed task, when it finished.</summary>
    public Task? Finished { get; }

    public static DriveOutcome Oob(object? data) => new(null, data);

    public static DriveOutcome Completed(Task task) => new(task, null);

    /// <summary>Rethrows the coroutine's own exception when it failed; a coroutine that threw OobDataException itself is a misuse.</summary>
    public void ThrowIfFailed()
    {
        Task task = Finished!;
        if (task.IsCompletedSuccessfully)
        {
            return;
        }

        if (task.Exception?.InnerException is OobDataException oob)
        {
            throw new InvalidOperationException(
                "The monitored coroutine threw OobDataException itself (asynkit: 'coroutine raised OOBData'); a coroutine sends out-of-band data with OobMonitor.OobAsync, it must not throw or leak OobDataException.",
                oob);
        }

        task.GetAwaiter().GetResult();
    }
}
