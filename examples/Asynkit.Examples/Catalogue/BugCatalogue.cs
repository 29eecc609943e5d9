namespace Asynkit.Examples.Catalogue;

/// <summary>Every program of the catalogue, in the order the main program runs them.</summary>
public static class BugCatalogue
{
    /// <summary>All programs.</summary>
    public static IReadOnlyList<BugProgram> All { get; } =
    [
        LostUpdate.Program,
        AccountCreation.Program,
        Overdraw.Program,
        LazyInit.Program,
        CacheStampede.Program,
        LockOrderDeadlock.Program,
        .. DiningPhilosophers.Programs,
        MissedSignal.Program,
        BoundedBuffer.Program,
        RunToCompletion.Program,
        TimeoutRetry.Program,
        .. Reorder.Programs,
        CoffeeMachine.Program,
        ReservationLedger.Program,
        WriteBehind.Program,
    ];
}
