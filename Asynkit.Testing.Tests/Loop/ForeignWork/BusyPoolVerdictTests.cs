namespace Asynkit.Testing.Tests;

/// <summary>The verdicts of <see cref="VerdictTests"/> with every thread-pool thread blocked, and work queued behind them, for
/// the whole class: controlled work then waits for the pool to add threads, and nothing else changes.</summary>
[Collection(BusyPoolTests.Name)]
public sealed class BusyPoolVerdictTests : IClassFixture<BusyPoolVerdictTests.Filled>
{
    /// <summary>Fills the pool once for the class; each test tops it up, since the loop asks the pool for threads as it goes.</summary>
    public BusyPoolVerdictTests(Filled filled) => filled.Pool.TopUp();

    /// <summary>The pool stays full for all of this class's tests.</summary>
    public sealed class Filled : IDisposable
    {
        internal BusyPool Pool { get; } = BusyPool.Fill();

        public void Dispose() => Pool.Dispose();
    }

    [Theory]
    [MemberData(nameof(VerdictTests.EscapeKinds), MemberType = typeof(VerdictTests))]
    public void Escape_EveryPoolThreadBusy_IsAnEscapeEveryRun(string kind) => VerdictTests.AssertEscapes(kind);

    [Theory]
    [MemberData(nameof(VerdictTests.ControlledKinds), MemberType = typeof(VerdictTests))]
    public void Controlled_EveryPoolThreadBusy_CompletesEveryRun(string kind) => VerdictTests.AssertCompletes(kind);

    [Fact]
    public void Deadlock_EveryPoolThreadBusy_IsADeadlockEveryRun() => VerdictTests.AssertDeadlocks();
}
