namespace Asynkit.Benchmarks.Coyote;

/// <summary>Six catalogue bugs (examples/Asynkit.Examples/Catalogue) written the way code that leaves the loop is written:
/// real Task.Run tasks on the thread pool, real Task.Yield, SemaphoreSlim. Each mirrors its loop program's shape (the second
/// request starts one yield after the first) and throws when the bug shows; under Coyote's rewritten mode every Task.Run,
/// await, Task.Yield and semaphore operation is a scheduling point Coyote controls.</summary>
public static class RewrittenCatalogue
{
    /// <summary>lost-update: two page-view recorders read a counter, yield (the store round trip), write read + 1.</summary>
    public static async Task LostUpdateAsync()
    {
        int count = 0;
        async Task RecordAsync()
        {
            int current = count;
            await Task.Yield();
            count = current + 1;
        }

        Task a = Task.Run(RecordAsync);
        await Task.Yield();
        Task b = Task.Run(RecordAsync);
        await Task.WhenAll(new Task[] { a, b }); // an array: the overload Coyote 1.7.11 controls
        Check(count == 2, $"lost update: 2 page views recorded, counter says {count}");
    }

    /// <summary>check-then-act: two sign-ups both see "no account" across an await and both send a welcome e-mail.</summary>
    public static async Task CheckThenActAsync()
    {
        var accounts = new HashSet<string>();
        int mails = 0;
        async Task SignUpAsync(string email)
        {
            bool exists;
            lock (accounts)
            {
                exists = accounts.Contains(email);
            }

            await Task.Yield(); // the database round trip between check and act
            if (!exists)
            {
                lock (accounts)
                {
                    accounts.Add(email);
                }

                Interlocked.Increment(ref mails);
            }
        }

        Task first = Task.Run(() => SignUpAsync("ada@example.com"));
        await Task.Yield();
        Task second = Task.Run(() => SignUpAsync("ada@example.com"));
        await Task.WhenAll(new[] { first, second });
        Check(mails == 1, $"check-then-act: {mails} welcome e-mails sent for one account");
    }

    /// <summary>overdraw: two withdrawals of 70 from 100 both pass the balance check before either debits.</summary>
    public static async Task OverdrawAsync()
    {
        int balance = 100;
        async Task WithdrawAsync(int amount)
        {
            if (Volatile.Read(ref balance) < amount)
            {
                return;
            }

            await Task.Yield(); // the fraud check
            Interlocked.Add(ref balance, -amount);
        }

        Task a = Task.Run(() => WithdrawAsync(70));
        await Task.Yield();
        Task b = Task.Run(() => WithdrawAsync(70));
        await Task.WhenAll(new Task[] { a, b }); // an array: the overload Coyote 1.7.11 controls
        Check(balance >= 0, $"overdraw: balance is {balance}");
    }

    /// <summary>lazy-init: async double-checked initialisation creates the pool twice.</summary>
    public static async Task LazyInitAsync()
    {
        object? pool = null;
        int created = 0;
        async Task<object> GetPoolAsync()
        {
            if (Volatile.Read(ref pool) is null)
            {
                await Task.Yield(); // reading configuration first
                if (Volatile.Read(ref pool) is null)
                {
                    Interlocked.Increment(ref created);
                    await Task.Yield(); // opening connections
                    Volatile.Write(ref pool, new object());
                }
            }

            return Volatile.Read(ref pool)!;
        }

        Task<object> a = Task.Run(GetPoolAsync);
        await Task.Yield();
        await Task.Yield();
        Task<object> b = Task.Run(GetPoolAsync);
        await Task.WhenAll(new Task[] { a, b }); // an array: the overload Coyote 1.7.11 controls
        Check(created == 1, $"lazy-init: {created} pools created");
    }

    /// <summary>reorder-3: a checker and two setters; the checker sees one of two fields written.</summary>
    public static async Task Reorder3Async()
    {
        int fieldA = 0;
        int fieldB = 0;
        var tasks = new Task[3];
        tasks[0] = Task.Run(() =>
        {
            int a = Volatile.Read(ref fieldA);
            int b = Volatile.Read(ref fieldB);
            Check((a == 0 && b == 0) || (a == 1 && b == -1), $"reorder: the checker saw a={a}, b={b}");
        });
        for (int i = 1; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(async () =>
            {
                Volatile.Write(ref fieldA, 1);
                await Task.Yield(); // the second write lands later
                Volatile.Write(ref fieldB, -1);
            });
        }

        await Task.WhenAll(tasks);
    }

    /// <summary>lock-order: two transfers take two SemaphoreSlims in opposite orders and deadlock (Coyote reports the
    /// deadlock; outside Coyote this program can hang, so only ever run it under the engine).</summary>
    public static async Task LockOrderAsync()
    {
        using var lockA = new SemaphoreSlim(1, 1);
        using var lockB = new SemaphoreSlim(1, 1);
        async Task TransferAsync(SemaphoreSlim first, SemaphoreSlim second)
        {
            await first.WaitAsync();
            try
            {
                await Task.Yield(); // write the audit record
                await second.WaitAsync();
                second.Release();
            }
            finally
            {
                first.Release();
            }
        }

        Task t1 = Task.Run(() => TransferAsync(lockA, lockB));
        await Task.Yield();
        Task t2 = Task.Run(() => TransferAsync(lockB, lockA));
        await Task.WhenAll(new[] { t1, t2 });
    }

    /// <summary>philosophers-5: five philosophers each take the left fork (a SemaphoreSlim), yield, then the right one;
    /// when all hold their left fork, nobody eats (Coyote reports the deadlock; run it only under the engine).</summary>
    public static async Task Philosophers5Async()
    {
        const int count = 5;
        var forks = new SemaphoreSlim[count];
        for (int i = 0; i < count; i++)
        {
            forks[i] = new SemaphoreSlim(1, 1);
        }

        var philosophers = new Task[count];
        for (int i = 0; i < count; i++)
        {
            SemaphoreSlim left = forks[i];
            SemaphoreSlim right = forks[(i + 1) % count];
            philosophers[i] = Task.Run(async () =>
            {
                await left.WaitAsync();
                await Task.Yield(); // reach for the other fork
                await right.WaitAsync();
                right.Release();
                left.Release();
            });
            await Task.Yield(); // philosophers sit down one after another
        }

        await Task.WhenAll(philosophers);
        foreach (SemaphoreSlim fork in forks)
        {
            fork.Dispose();
        }
    }

    private static void Check(bool holds, string message)
    {
        if (!holds)
        {
            throw new InvalidOperationException(message);
        }
    }
}
