using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Overdraw: two withdrawals each check the balance, await a fraud check, then debit.</summary>
/// <remarks>The bug: the balance check happens before the await and the debit after it, so two withdrawals of 70 from a
/// balance of 100 both pass the check. The fix re-checks and debits under a lock held across the await.</remarks>
public static class Overdraw
{
    public static BugProgram Program { get; } = new(
        "overdraw",
        "two withdrawals pass the balance check before either debits; the balance goes negative",
        () => RunAsync(new Account(100, locked: false)),
        () => RunAsync(new Account(100, locked: true)));

    private static async Task RunAsync(Account account)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask<bool> a = loop.CreateTask(() => account.TryWithdrawAsync(70), "withdraw-a");
        await Task.Yield(); // the second withdrawal arrives a moment later
        LoopTask<bool> b = loop.CreateTask(() => account.TryWithdrawAsync(70), "withdraw-b");
        bool paidA = await a;
        bool paidB = await b;
        InvariantViolationException.Check(account.Balance >= 0, $"overdraw: balance is {account.Balance} after withdrawals {paidA}/{paidB}");
    }

    internal sealed class Account(int balance, bool locked)
    {
        private readonly SemaphoreSlim _lock = new(1, 1);

        public int Balance { get; private set; } = balance;

        public async Task<bool> TryWithdrawAsync(int amount)
        {
            if (locked)
            {
                await _lock.WaitAsync();
            }

            try
            {
                if (Balance < amount)
                {
                    return false;
                }

                await FraudCheckAsync(amount);
                Balance -= amount;
                return true;
            }
            finally
            {
                if (locked)
                {
                    _lock.Release();
                }
            }
        }

        private static async Task FraudCheckAsync(int amount)
        {
            await Task.Yield();
            _ = amount;
        }
    }
}
