using Asynkit.Examples.Catalogue;
using Asynkit.Testing;
using Asynkit.Testing.Exploration;

namespace Asynkit.Examples.Oracles;

/// <summary>The examples of docs/oracles.md, one per oracle; Asynkit.Testing.Tests runs each and checks what it prints.</summary>
internal static class OracleExamples
{
    /// <summary>A step invariant: money moves between two accounts with an await in between; the total is 100 after every step
    /// only if the move is atomic, and it is not.</summary>
    public static ExplorationResult StepInvariant(TextWriter output)
    {
        static async Task Transfer()
        {
            AsynkitLoop loop = AsynkitLoop.RequireCurrent();
            int checking = 100;
            int savings = 0;
            loop.AddInvariant("checking + savings == 100", () => checking + savings == 100);
            checking -= 30;
            await Task.Yield();       // the debit is written; the credit is not yet
            savings += 30;
        }

        ExplorationResult result = Explorer.Explore(Transfer, new ExplorationOptions { Iterations = 10, Seed = 1 });
        output.WriteLine(result.Failure!.Message);
        return result;
    }

    /// <summary>A liveness property: every order is served within 5 minutes of virtual time (the catalogue's coffee machine).</summary>
    public static ExplorationResult Liveness(TextWriter output)
    {
        ExplorationResult result = Explorer.Explore(CoffeeMachine.Program.Buggy, new ExplorationOptions { Iterations = 1000, Seed = 1 });
        output.WriteLine(result.Failure!.Message);
        output.WriteLine($"replay: {result.ReplayToken}");
        return result;
    }

    /// <summary>Linearizability: record each call on a queue, then check the history against a sequential queue.</summary>
    public static ExplorationResult Linearizability(TextWriter output)
    {
        static async Task Test()
        {
            AsynkitLoop loop = AsynkitLoop.RequireCurrent();
            var queue = new WriteBehind.QueueService(writeBehind: true); // acknowledges before the item is in
            var history = new History<QueueOperation, int?>();
            LoopTask producer = loop.CreateTask(async () =>
            {
                await history.RecordAsync(QueueOperation.Enqueue(1), async () => { await queue.EnqueueAsync(1); return null; });
                await history.RecordAsync(QueueOperation.Enqueue(2), async () => { await queue.EnqueueAsync(2); return null; });
            }, "producer");
            LoopTask consumer = loop.CreateTask(async () =>
            {
                await history.RecordAsync(QueueOperation.TryDequeue(), queue.TryDequeueAsync);
                await history.RecordAsync(QueueOperation.TryDequeue(), queue.TryDequeueAsync);
            }, "consumer");
            await Task.WhenAll(producer.Task, consumer.Task);
            history.AssertLinearizable(QueueModel.Instance);
        }

        ExplorationResult result = Explorer.Explore(Test, new ExplorationOptions { Iterations = 1000, Seed = 1 });
        output.WriteLine(result.Failure!.Message);
        return result;
    }

    /// <summary>Coverage: did any schedule reach the state the test exists for? This one awaits each task before it starts the
    /// next (a slip), so no schedule ever has all three inside at once: 200 green schedules that test nothing.</summary>
    public static ExplorationResult Coverage(TextWriter output)
    {
        static async Task Test()
        {
            AsynkitLoop loop = AsynkitLoop.RequireCurrent();
            int inside = 0;
            int most = 0;
            async Task Enter()
            {
                inside++;
                most = Math.Max(most, inside);
                await Task.Yield();
                inside--;
            }

            await loop.CreateTask(Enter, "a");
            await loop.CreateTask(Enter, "b");
            await loop.CreateTask(Enter, "c");
            Testing.Coverage.Sometimes("all three inside at once", most == 3);
            if (most == 1)
            {
                Testing.Coverage.Reached("one at a time");
            }
        }

        ExplorationResult result = Explorer.Explore(Test, new ExplorationOptions { Iterations = 200, Seed = 1, RequireCoverage = true });
        output.WriteLine(result.ToString());
        return result;
    }

    /// <summary>Seeded randomness: a retry delay drawn from the loop's Random is part of the schedule, so replay repeats it.</summary>
    public static (ExplorationResult Found, ExplorationResult Replayed) SeededRandom(TextWriter output)
    {
        static async Task Test()
        {
            AsynkitLoop loop = AsynkitLoop.RequireCurrent();
            TimeSpan jitter = TimeSpan.FromMilliseconds(loop.Random.Next(0, 1000)); // not Random.Shared
            await Task.Delay(TimeSpan.FromSeconds(1) + jitter, loop.Clock);
            if (loop.Clock.Elapsed > TimeSpan.FromMilliseconds(1990))
            {
                throw new TimeoutException($"retried after {loop.Clock.Elapsed.TotalMilliseconds} ms, past the 1,990 ms deadline");
            }
        }

        ExplorationResult found = Explorer.Explore(Test, new ExplorationOptions { Iterations = 1000, Seed = 1 });
        ExplorationResult replayed = Explorer.Replay(Test, found.ReplayToken!);
        output.WriteLine(found.Failure!.Message);
        output.WriteLine(replayed.Failure!.Message);
        return (found, replayed);
    }
}
