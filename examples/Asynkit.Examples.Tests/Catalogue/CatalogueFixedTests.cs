using Asynkit.Examples.Catalogue;
using Asynkit.Testing.Xunit;

namespace Asynkit.Examples.Tests.Catalogue;

/// <summary>Every fixed twin of the catalogue, explored: these must pass under every schedule the explorer tries.</summary>
/// <remarks>A thousand schedules each keeps the default test run short; the main program runs 10,000 per twin.</remarks>
public sealed class CatalogueFixedTests
{
    /// <summary>The schedule budget of every fixed-twin test.</summary>
    public const int Budget = 1_000;

    [AsynkitFact(Iterations = Budget)]
    public Task LostUpdate_LockedCounter_CountsEveryView() => LostUpdate.Program.Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task AccountCreation_AtomicInsert_OneWelcomeMail() => AccountCreation.Program.Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task Overdraw_CheckAndDebitUnderLock_NeverNegative() => Overdraw.Program.Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task LazyInit_SharedCreationTask_OnePool() => LazyInit.Program.Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task CacheStampede_SingleFlight_OneBackendCall() => CacheStampede.Program.Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task LockOrder_GlobalLockOrder_NoDeadlock() => LockOrderDeadlock.Program.Fixed();

    [AsynkitTheory(Iterations = Budget)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public Task DiningPhilosophers_LowerForkFirst_EveryoneEats(int philosophers) => CatalogueLookup.Named($"philosophers-{philosophers}").Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task MissedSignal_CountingSemaphore_NoWakeUpLost() => MissedSignal.Program.Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task BoundedBuffer_NotifyAll_EveryItemTaken() => BoundedBuffer.Program.Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task RunToCompletion_ProbeUnderLock_NoFalseAlarm() => RunToCompletion.Program.Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task TimeoutRetry_IdempotencyKey_ChargedOnce() => TimeoutRetry.Program.Fixed();

    [AsynkitTheory(Iterations = Budget)]
    [InlineData(3)]
    [InlineData(10)]
    public Task Reorder_AtomicPublish_CheckerSeesAllOrNothing(int tasks) => CatalogueLookup.Named($"reorder-{tasks}").Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task CoffeeMachine_HeaterRestoredFromDemand_EveryOrderServed() => CoffeeMachine.Program.Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task WriteBehindQueue_InsertedBeforeAcknowledged_Linearizable() => WriteBehind.Program.Fixed();

    [AsynkitFact(Iterations = Budget)]
    public Task ReservationLedger_AuditFirstThenOneMove_UnitsNeverMissing() => ReservationLedger.Program.Fixed();
}
