using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Reservation ledger: stock is either available or reserved, and <c>available + reserved == total</c> must hold
/// whenever no operation holds the ledger's lock; every change is written to an audit log guarded by its own gate.</summary>
/// <remarks>The bug: cancelling a reservation moves the units back in two halves with the audit write between them, outside
/// the ledger's lock. The audit gate is free in asyncio order, so the write completes synchronously and nothing can run in
/// between; when the nightly flush holds the gate, the cancel suspends with the units in neither half. The final state is
/// right again, so every end-of-test check passes; only the step invariant, checked after every step, sees the units missing.
/// The fix writes the audit line first and moves the units in one step.</remarks>
public static class ReservationLedger
{
    private const int Total = 10;

    public static BugProgram Program { get; } = new(
        "reservation-ledger",
        "a cancel moves units back in two halves around an audit write: for a while they are neither available nor reserved",
        () => RunAsync(fixedLedger: false, checkedEveryStep: true),
        () => RunAsync(fixedLedger: true, checkedEveryStep: true),
        "step invariant: available + reserved == total whenever the ledger is unlocked")
    {
        WithoutOracle = () => RunAsync(fixedLedger: false, checkedEveryStep: false),
        Oracle = "step invariant",
    };

    private static async Task RunAsync(bool fixedLedger, bool checkedEveryStep)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var ledger = new Ledger(fixedLedger);
        if (checkedEveryStep)
        {
            loop.AddInvariant("available + reserved == total while the ledger is unlocked", () => ledger.Locked || ledger.Available + ledger.Reserved == Total);
        }

        await ledger.ReserveAsync(4);
        LoopTask cancel = loop.CreateTask(() => ledger.CancelAsync(4), "cancel");
        LoopTask flush = loop.CreateTask(ledger.FlushAuditAsync, "flush");
        await Task.WhenAll(cancel.Task, flush.Task);
        InvariantViolationException.Check(ledger.Available == Total && ledger.Reserved == 0, $"reservation-ledger: {ledger.Available} available, {ledger.Reserved} reserved");
    }

    private sealed class Ledger(bool fixedLedger)
    {
        private readonly Gate _audit = new();
        private readonly List<string> _auditLines = [];

        public int Available { get; private set; } = Total;

        public int Reserved { get; private set; }

        public bool Locked { get; private set; }

        public async Task ReserveAsync(int units)
        {
            Locked = true;
            await Task.Yield(); // the ledger row is locked in the database
            Available -= units;
            Reserved += units;
            Locked = false;
            await WriteAuditAsync($"reserved {units}");
        }

        public async Task CancelAsync(int units)
        {
            if (fixedLedger)
            {
                await WriteAuditAsync($"cancelled {units}");
                Reserved -= units;
                Available += units;
                return;
            }

            Reserved -= units;                              // BUG: half of the move, outside the lock
            await WriteAuditAsync($"cancelled {units}");   // suspends only when the flush holds the audit gate
            Available += units;
        }

        public async Task FlushAuditAsync()
        {
            await _audit.EnterAsync();
            await Task.Yield(); // write the lines to disk
            _auditLines.Clear();
            _audit.Exit();
        }

        private async Task WriteAuditAsync(string line)
        {
            await _audit.EnterAsync();
            _auditLines.Add(line);
            _audit.Exit();
        }
    }

    /// <summary>A one-holder async gate: entering a free gate completes synchronously.</summary>
    private sealed class Gate
    {
        private readonly Queue<TaskCompletionSource> _waiting = new();
        private bool _held;

        public Task EnterAsync()
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource();
            _waiting.Enqueue(waiter);
            return waiter.Task;
        }

        public void Exit()
        {
            if (_waiting.TryDequeue(out TaskCompletionSource? next))
            {
                next.SetResult(); // the gate passes to the next holder
            }
            else
            {
                _held = false;
            }
        }
    }
}
