using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Lock-order deadlock: a transfer from A to B locks A then B; one from B to A locks B then A.</summary>
/// <remarks>The bug: each transfer awaits (an audit write) between taking its first and second SemaphoreSlim, so the
/// two can each hold one lock and wait forever for the other: the loop reports a DeadlockException. The fix takes the
/// locks in one global order (by account id).</remarks>
public static class LockOrderDeadlock
{
    public static BugProgram Program { get; } = new(
        "lock-order",
        "two transfers take two SemaphoreSlims in opposite orders and deadlock",
        () => RunAsync(orderedLocks: false),
        () => RunAsync(orderedLocks: true));

    private static async Task RunAsync(bool orderedLocks)
    {
        var a = new Account(1, 100);
        var b = new Account(2, 100);
        var bank = new Bank(orderedLocks);
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask t1 = loop.CreateTask(() => bank.TransferAsync(a, b, 10), "transfer-a-to-b");
        await Task.Yield(); // the second transfer arrives a moment later
        LoopTask t2 = loop.CreateTask(() => bank.TransferAsync(b, a, 20), "transfer-b-to-a");
        await t1;
        await t2;
        InvariantViolationException.Check(a.Balance + b.Balance == 200, "lock-order: money was created or lost");
    }

    private sealed class Account(int id, int balance)
    {
        public int Id { get; } = id;

        public int Balance { get; set; } = balance;

        public SemaphoreSlim Lock { get; } = new(1, 1);
    }

    private sealed class Bank(bool orderedLocks)
    {
        public async Task TransferAsync(Account from, Account to, int amount)
        {
            (Account first, Account second) = orderedLocks && to.Id < from.Id ? (to, from) : (from, to);
            await first.Lock.WaitAsync();
            try
            {
                await Task.Yield(); // write the audit record
                await second.Lock.WaitAsync();
                try
                {
                    from.Balance -= amount;
                    to.Balance += amount;
                }
                finally
                {
                    second.Lock.Release();
                }
            }
            finally
            {
                first.Lock.Release();
            }
        }
    }
}
