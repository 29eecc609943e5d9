using System.Collections.Concurrent;

namespace Asynkit.Benchmarks.Coyote;

/// <summary>The catalogue bugs (examples/Asynkit.Examples/Catalogue) written the way code that leaves the loop is written:
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

    /// <summary>reorder-N: a checker and N - 1 setters; the checker sees one of two fields written.</summary>
    public static async Task ReorderAsync(int count)
    {
        int fieldA = 0;
        int fieldB = 0;
        var tasks = new Task[count];
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

    /// <summary>philosophers-<paramref name="count"/> as a delegate of this (rewritten) assembly: rewritten mode checks that
    /// the delegate's own method was rewritten, so a lambda written in the caller's assembly would be refused.</summary>
    public static Func<Task> Philosophers(int count) => () => PhilosophersAsync(count);

    /// <summary>reorder-<paramref name="count"/> as a delegate of this (rewritten) assembly.</summary>
    public static Func<Task> Reorder(int count) => () => ReorderAsync(count);

    /// <summary>philosophers-N: N philosophers each take the left fork (a SemaphoreSlim), yield, then the right one; when all
    /// hold their left fork, nobody eats (Coyote reports the deadlock; run it only under the engine).</summary>
    public static async Task PhilosophersAsync(int count)
    {
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

    /// <summary>cache-stampede: three requests one yield apart all miss the cache and all call the backend.</summary>
    public static async Task CacheStampedeAsync()
    {
        var values = new ConcurrentDictionary<string, decimal>();
        int backendCalls = 0;
        async Task<decimal> GetPriceAsync(string symbol)
        {
            if (values.TryGetValue(symbol, out decimal cached))
            {
                return cached;
            }

            Interlocked.Increment(ref backendCalls);
            await Task.Yield(); // the backend round trip
            values[symbol] = 42m;
            return 42m;
        }

        var requests = new Task<decimal>[3];
        for (int i = 0; i < requests.Length; i++)
        {
            requests[i] = Task.Run(() => GetPriceAsync("ACME"));
            await Task.Yield(); // requests arrive one turn apart
        }

        await Task.WhenAll(requests);
        Check(Volatile.Read(ref backendCalls) == 1, $"cache-stampede: {backendCalls} backend calls for one key");
    }

    /// <summary>missed-signal: the worker checks for work, yields, then arms a fresh signal and waits; the producer's wake-up
    /// can land between the two and be lost (Coyote reports the deadlock; run it only under the engine).</summary>
    public static async Task MissedSignalAsync()
    {
        var jobs = new ConcurrentQueue<string>();
        var signal = new TaskCompletionSource();
        async Task<string> TakeAsync()
        {
            while (true)
            {
                if (jobs.TryDequeue(out string? job))
                {
                    return job;
                }

                await Task.Yield(); // log "idle, waiting"
                Volatile.Write(ref signal, new TaskCompletionSource()); // arming a fresh signal can throw a wake-up away
                await Volatile.Read(ref signal).Task;
            }
        }

        async Task AddAsync(string job)
        {
            await Task.Yield(); // the job arrives over the network
            jobs.Enqueue(job);
            Volatile.Read(ref signal).TrySetResult();
        }

        Task<string> worker = Task.Run(TakeAsync);
        Task producer = Task.Run(() => AddAsync("job-1"));
        await Task.WhenAll(new Task[] { worker, producer });
        Check(worker.Result == "job-1", "missed-signal: wrong job");
    }

    /// <summary>bounded-buffer (Cargill's XP challenge 14): capacity 1, one writer of 10 items, two readers of 5, one condition
    /// notified with NotifyOne for both not-full and not-empty; a reader can wake a reader and all three wait (deadlock).</summary>
    public static async Task BoundedBufferAsync()
    {
        var gate = new object();
        var items = new Queue<int>();
        var waiters = new Queue<TaskCompletionSource>();
        int taken = 0;

        Task? WaitIfLocked(Func<bool> mustWait)
        {
            lock (gate)
            {
                if (!mustWait())
                {
                    return null;
                }

                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Enqueue(waiter);
                return waiter.Task;
            }
        }

        void NotifyOne()
        {
            TaskCompletionSource? waiter = null;
            lock (gate)
            {
                waiters.TryDequeue(out waiter);
            }

            waiter?.TrySetResult();
        }

        async Task PutAsync(int item)
        {
            while (WaitIfLocked(() => items.Count == 1) is { } wait)
            {
                await wait;
            }

            lock (gate)
            {
                items.Enqueue(item);
            }

            NotifyOne();
            await Task.Yield(); // the writer produces the next item
        }

        async Task TakeAsync()
        {
            while (WaitIfLocked(() => items.Count == 0) is { } wait)
            {
                await wait;
            }

            lock (gate)
            {
                items.Dequeue();
            }

            NotifyOne();
            Interlocked.Increment(ref taken);
            await Task.Yield(); // the reader consumes the item
        }

        Task writer = Task.Run(async () =>
        {
            for (int i = 0; i < 10; i++)
            {
                await PutAsync(i);
            }
        });
        var tasks = new List<Task> { writer };
        for (int r = 0; r < 2; r++)
        {
            tasks.Add(Task.Run(async () =>
            {
                for (int i = 0; i < 5; i++)
                {
                    await TakeAsync();
                }
            }));
        }

        await Task.WhenAll(tasks.ToArray());
        Check(Volatile.Read(ref taken) == 10, $"bounded-buffer: {taken} of 10 items taken");
    }

    /// <summary>run-to-completion: a 20-step migration finishes before the health check's first probe.</summary>
    public static async Task RunToCompletionAsync()
    {
        bool finished = false;
        Task migration = Task.Run(async () =>
        {
            for (int step = 0; step < 20; step++)
            {
                await Task.Yield(); // apply one migration step
            }

            Volatile.Write(ref finished, true);
        });
        Task health = Task.Run(async () =>
        {
            Check(!Volatile.Read(ref finished), "run-to-completion: the health check saw the migration finished before its first probe");
            await Task.Yield();
        });
        await Task.WhenAll(new[] { migration, health });
    }

    /// <summary>timeout-retry: each attempt waits 2 s for an acknowledgement that takes 2 s; when the timeout wins, the client
    /// retries and the card is charged twice. Coyote controls Task.Delay as a scheduling point (it does not wait the time).</summary>
    public static async Task TimeoutRetryAsync()
    {
        int charges = 0;
        async Task<string> ChargeAsync()
        {
            Interlocked.Increment(ref charges);
            await Task.Delay(TimeSpan.FromSeconds(2)); // the acknowledgement comes back over the network
            return "ack";
        }

        for (int attempt = 1; attempt <= 3; attempt++)
        {
            Task<string> reply = Task.Run(ChargeAsync);
            Task timeout = Task.Delay(TimeSpan.FromSeconds(2));
            if (await Task.WhenAny(new Task[] { reply, timeout }) != timeout)
            {
                break;
            }
        }

        Check(Volatile.Read(ref charges) == 1, $"timeout-retry: the card was charged {charges} times");
    }

    private static void Check(bool holds, string message)
    {
        if (!holds)
        {
            throw new InvalidOperationException(message);
        }
    }
}
