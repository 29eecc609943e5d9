namespace Asynkit.Testing;

/// <summary>A drive of a monitored coroutine that has not ended yet: who waits for it and how to tell them.</summary>
internal abstract class PendingDrive
{
    protected PendingDrive(SynchronizationContext driverContext)
    {
        DriverContext = driverContext;
    }

    /// <summary>The context of the code that started the drive: its continuation runs there.</summary>
    public SynchronizationContext DriverContext { get; }

    /// <summary>Completes the driver's task from <paramref name="outcome"/>; call it while <see cref="DriverContext"/> is current, so
    /// that the driver's continuation runs inline, in the same step (as asynkit raises OOBData through the awaiting stack).</summary>
    public abstract void Complete(in DriveOutcome outcome);
}
