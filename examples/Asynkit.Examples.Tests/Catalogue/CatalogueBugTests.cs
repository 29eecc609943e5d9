using Asynkit.Examples.Catalogue;
using Asynkit.Testing.Xunit;

namespace Asynkit.Examples.Tests.Catalogue;

/// <summary>Every buggy program of the catalogue as an exploring test. Each passes in asyncio (FIFO) order and fails under
/// exploration, so these tests are meant to fail: run them with <c>dotnet test examples/Asynkit.Examples.Tests --filter
/// Category=FailureExpected -p:RunSettingsFilePath=</c> (the empty run settings drop the default filter) to see what a found race prints; <see cref="CatalogueMetaTests"/> runs them on purpose.</summary>
[Trait("Category", "FailureExpected")]
public sealed class CatalogueBugTests
{
    /// <summary>The schedule budget of every buggy test; the target is to find each bug within it.</summary>
    public const int Budget = 10_000;

    [AsynkitFact(Iterations = Budget)]
    public Task LostUpdate_TwoRecorders_OneIncrementIsLost() => LostUpdate.Program.Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task AccountCreation_DoubleClick_TwoWelcomeMails() => AccountCreation.Program.Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task Overdraw_TwoWithdrawals_BalanceGoesNegative() => Overdraw.Program.Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task LazyInit_TwoRequests_PoolCreatedTwice() => LazyInit.Program.Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task CacheStampede_ThreeMisses_BackendCalledMoreThanOnce() => CacheStampede.Program.Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task LockOrder_OppositeTransfers_Deadlock() => LockOrderDeadlock.Program.Buggy();

    [AsynkitTheory(Iterations = Budget)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public Task DiningPhilosophers_LeftForkFirst_Deadlock(int philosophers) => CatalogueLookup.Named($"philosophers-{philosophers}").Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task MissedSignal_WakeUpBeforeWait_WorkerWaitsForever() => MissedSignal.Program.Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task BoundedBuffer_OneConditionNotifyOne_Deadlock() => BoundedBuffer.Program.Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task RunToCompletion_MigrationRunsFirst_HealthCheckSeesFinished() => RunToCompletion.Program.Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task TimeoutRetry_TimeoutBeforeReply_CardChargedTwice() => TimeoutRetry.Program.Buggy();

    [AsynkitTheory(Iterations = Budget)]
    [InlineData(3)]
    [InlineData(10)]
    public Task Reorder_CheckerBetweenWrites_SeesHalfARecord(int tasks) => CatalogueLookup.Named($"reorder-{tasks}").Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task CoffeeMachine_DescaleRestoresHeaterOff_OrderNeverServed() => CoffeeMachine.Program.Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task WriteBehindQueue_AcknowledgedBeforeInserted_NotLinearizable() => WriteBehind.Program.Buggy();

    [AsynkitFact(Iterations = Budget)]
    public Task ReservationLedger_CancelAroundAuditWrite_UnitsBrieflyMissing() => ReservationLedger.Program.Buggy();
}
