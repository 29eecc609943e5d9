using Asynkit.Examples.Catalogue;

namespace Asynkit.Examples.Tests.Catalogue;

/// <summary>Finds catalogue programs by name, and maps each to its FailureExpected test.</summary>
internal static class CatalogueLookup
{
    /// <summary>Each program's buggy test in <see cref="CatalogueBugTests"/>: the method, and the theory row's argument if any.</summary>
    public static IReadOnlyDictionary<string, (string Method, int? Row)> BugTests { get; } = new Dictionary<string, (string, int?)>
    {
        ["lost-update"] = (nameof(CatalogueBugTests.LostUpdate_TwoRecorders_OneIncrementIsLost), null),
        ["check-then-act"] = (nameof(CatalogueBugTests.AccountCreation_DoubleClick_TwoWelcomeMails), null),
        ["overdraw"] = (nameof(CatalogueBugTests.Overdraw_TwoWithdrawals_BalanceGoesNegative), null),
        ["lazy-init"] = (nameof(CatalogueBugTests.LazyInit_TwoRequests_PoolCreatedTwice), null),
        ["cache-stampede"] = (nameof(CatalogueBugTests.CacheStampede_ThreeMisses_BackendCalledMoreThanOnce), null),
        ["lock-order"] = (nameof(CatalogueBugTests.LockOrder_OppositeTransfers_Deadlock), null),
        ["philosophers-3"] = (nameof(CatalogueBugTests.DiningPhilosophers_LeftForkFirst_Deadlock), 3),
        ["philosophers-4"] = (nameof(CatalogueBugTests.DiningPhilosophers_LeftForkFirst_Deadlock), 4),
        ["philosophers-5"] = (nameof(CatalogueBugTests.DiningPhilosophers_LeftForkFirst_Deadlock), 5),
        ["philosophers-6"] = (nameof(CatalogueBugTests.DiningPhilosophers_LeftForkFirst_Deadlock), 6),
        ["philosophers-7"] = (nameof(CatalogueBugTests.DiningPhilosophers_LeftForkFirst_Deadlock), 7),
        ["missed-signal"] = (nameof(CatalogueBugTests.MissedSignal_WakeUpBeforeWait_WorkerWaitsForever), null),
        ["bounded-buffer"] = (nameof(CatalogueBugTests.BoundedBuffer_OneConditionNotifyOne_Deadlock), null),
        ["run-to-completion"] = (nameof(CatalogueBugTests.RunToCompletion_MigrationRunsFirst_HealthCheckSeesFinished), null),
        ["timeout-retry"] = (nameof(CatalogueBugTests.TimeoutRetry_TimeoutBeforeReply_CardChargedTwice), null),
        ["reorder-3"] = (nameof(CatalogueBugTests.Reorder_CheckerBetweenWrites_SeesHalfARecord), 3),
        ["reorder-10"] = (nameof(CatalogueBugTests.Reorder_CheckerBetweenWrites_SeesHalfARecord), 10),
        ["coffee-machine"] = (nameof(CatalogueBugTests.CoffeeMachine_DescaleRestoresHeaterOff_OrderNeverServed), null),
        ["write-behind-queue"] = (nameof(CatalogueBugTests.WriteBehindQueue_AcknowledgedBeforeInserted_NotLinearizable), null),
        ["reservation-ledger"] = (nameof(CatalogueBugTests.ReservationLedger_CancelAroundAuditWrite_UnitsBrieflyMissing), null),
    };

    /// <summary>The catalogue program called <paramref name="name"/>.</summary>
    public static BugProgram Named(string name) =>
        BugCatalogue.All.SingleOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"The catalogue has no program '{name}'; it has {string.Join(", ", BugCatalogue.All.Select(p => p.Name))}.", nameof(name));

    /// <summary>Every program name, as theory data.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (BugProgram program in BugCatalogue.All)
        {
            data.Add(program.Name);
        }

        return data;
    }
}
