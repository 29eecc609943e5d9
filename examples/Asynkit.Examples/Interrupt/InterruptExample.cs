namespace Asynkit.Examples.Interrupt;

using Asynkit.Testing;

/// <summary>Task interruption and timeouts: TaskInterrupt stops a worker at its current await, an interrupted task can
/// interrupt its interruptor back, and TaskTimeout bounds a block in virtual time (asynkit's example_interrupt.py).</summary>
internal static class InterruptExample
{
    public static void Run(TextWriter output)
    {
        output.WriteLine($"stop doing that: worker state after TaskInterrupt = '{StopDoingThat()}'");
        output.WriteLine($"acknowledgements: [{string.Join(", ", InterruptAck())}]");
        output.WriteLine($"timeout: {GiveUp()}");
    }

    // docs/priority.md: begin stop
    public static string StopDoingThat() => AsynkitLoop.Run(async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        string state = "normal";
        LoopTask worker = loop.CreateTask(async () =>
        {
            while (true)
            {
                state = "doing it";
                try
                {
                    await Scheduling.Sleep(TimeSpan.FromSeconds(1));   // a loop-owned wait: interruptible
                }
                catch (StopException)
                {
                    break;
                }
            }

            state = "not doing it";
            await Scheduling.Sleep(TimeSpan.FromSeconds(1));
            state = "finished";
        });

        while (state != "doing it")
        {
            await Task.Yield();
        }

        await Scheduling.TaskInterrupt(worker, new StopException());
        string afterInterrupt = state;   // the worker already ran its handler: "not doing it"
        await worker;
        return afterInterrupt;
    });
    // docs/priority.md: end stop

    // docs/priority.md: begin ack
    public static List<string> InterruptAck() => AsynkitLoop.Run(async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask sendsAck = loop.CreateTask(async () =>
        {
            try
            {
                await Scheduling.Sleep(Timeout.InfiniteTimeSpan);
            }
            catch (StopException stop) when (stop.Caller is { } caller)
            {
                // The interruptor is runnable at its TaskInterrupt (a loop-owned wait): interrupt it back.
                await Scheduling.TaskInterrupt(caller, new EndOfStreamException());
            }
        });
        LoopTask noAck = loop.CreateTask(async () =>
        {
            try
            {
                await Scheduling.Sleep(Timeout.InfiniteTimeSpan);
            }
            catch (StopException)
            {
            }
        });

        await Task.Yield();
        LoopTask<List<string>> interruptor = loop.CreateTask(async () =>
        {
            var stop = new StopException { Caller = loop.CurrentTask };
            var answers = new List<string>();
            foreach (LoopTask target in (LoopTask[])[sendsAck, noAck])
            {
                try
                {
                    await Scheduling.TaskInterrupt(target, stop);
                    answers.Add("noack");
                }
                catch (EndOfStreamException)
                {
                    answers.Add("ack");
                }
            }

            return answers;
        });
        return await interruptor;   // ["ack", "noack"]
    });
    // docs/priority.md: end ack

    // docs/priority.md: begin timeout
    public static string GiveUp() => AsynkitLoop.Run(async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask<string> slow = loop.CreateTask(async () =>
        {
            await Task.Delay(TimeSpan.FromMinutes(5), loop.Clock);
            return "slow result";
        });

        try
        {
            using (Scheduling.TaskTimeout(TimeSpan.FromSeconds(30)))
            {
                // A task awaiting a LoopTask is at a loop-owned wait: the timeout interrupts it there.
                return await slow;
            }
        }
        catch (TaskTimeoutException)
        {
            TimeSpan gaveUpAt = loop.Clock.Elapsed;   // 00:00:30, in virtual time: no real waiting
            string late = await slow;                 // the slow task kept running: it ends at 00:05:00
            return $"gave up at +{gaveUpAt}, '{late}' arrived at +{loop.Clock.Elapsed}";
        }
    });
    // docs/priority.md: end timeout

    /// <summary>The example's interrupt; it can carry the interruptor, so the target can answer.</summary>
    internal sealed class StopException : Exception
    {
        public StopException()
            : base("Stop doing that.")
        {
        }

        public StopException(string message)
            : base(message)
        {
        }

        public StopException(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        public LoopTask? Caller { get; init; }
    }
}
