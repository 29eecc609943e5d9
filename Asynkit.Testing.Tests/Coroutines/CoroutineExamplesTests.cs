using System.Runtime.CompilerServices;

namespace Asynkit.Testing.Tests.Coroutines;

using Scheduling = Asynkit.Testing.Scheduling;

/// <summary>The examples of docs/coroutines.md (examples/Asynkit.Examples/Coroutines), copied here and checked.</summary>
public sealed class CoroutineExamplesTests
{
    private static void EagerExampleRun(TextWriter output)
    {
        output.WriteLine("no conversion: " + string.Join(", ", Demo(coroutine => coroutine)));
        output.WriteLine("CreateTask:    " + string.Join(", ", Demo(coroutine =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(coroutine);
            return () => task.Task;
        })));
        output.WriteLine("Coro.Eager:    " + string.Join(", ", Demo(coroutine =>
        {
            Task task = Coro.Eager(coroutine);
            return () => task;
        })));
    }

    private static List<string> Demo(Func<Func<Task>, Func<Task>> convert)
    {
        var log = new List<string>();
        async Task Test()
        {
            log.Add("1");
            await Scheduling.Sleep(TimeSpan.FromSeconds(0.2)); // some long IO
            log.Add("2");
        }

        AsynkitLoop.Run(async () =>
        {
            log.Add("a");
            Func<Task> future = convert(Test);
            log.Add("b");
            await Scheduling.Sleep(TimeSpan.FromSeconds(0.1)); // some other IO
            log.Add("c");
            await future();
        });
        return log;
    }

    private static void CoroStartExampleRun(TextWriter output)
    {
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var reply = new TaskCompletionSource<string>();
            var request = new CoroStart<string>(async () =>
            {
                output.WriteLine($"request sent by '{loop.CurrentTask!.Name}'");
                string answer = await reply.Task;
                output.WriteLine($"reply '{answer}' handled by '{loop.CurrentTask!.Name}'");
                return answer.ToUpperInvariant();
            });

            reply.SetResult("pong");
            await Scheduling.Sleep(TimeSpan.FromSeconds(1));
            output.WriteLine($"one second later the request is still {request.State} at {request.SuspendedAt}");

            LoopTask<string> consumer = loop.CreateTask(request.AsCoroutine, "consumer");
            output.WriteLine($"consumer got '{await consumer}'");
        });
    }

    private static void TaskGroupExampleRun(TextWriter output)
    {
        try
        {
            AsynkitLoop.Run(async () =>
            {
                AsynkitLoop loop = AsynkitLoop.Current!;
                await using var group = new EagerTaskGroup();
                group.StartSoon(
                    async token =>
                    {
                        output.WriteLine("download: started");
                        try
                        {
                            await Task.Delay(TimeSpan.FromMinutes(5), loop.Clock, token);
                        }
                        catch (OperationCanceledException)
                        {
                            output.WriteLine($"download: cancelled at +{loop.Clock.Elapsed.TotalSeconds}s");
                            throw;
                        }
                    },
                    "download");
                Task<int> port = group.Start<int>(
                    async started =>
                    {
                        output.WriteLine("server: listening");
                        started.Started(8080);
                        await Scheduling.Sleep(TimeSpan.FromSeconds(3));
                        throw new InvalidOperationException("server crashed");
                    },
                    "server");
                output.WriteLine($"main: server is on port {await port}");
            });
        }
        catch (InvalidOperationException ex)
        {
            output.WriteLine($"group failed: {ex.Message}");
        }
    }

    private static void IterExampleRun(TextWriter output)
    {
        AsynkitLoop.Run(async () =>
        {
            var sensor = new Sensor();
            var reading = new Reading(sensor);
            double first = await reading;
            double second = await reading;
            output.WriteLine($"two awaits, two reads: {first}, {second}");
        });
    }

    private sealed class Sensor
    {
        private int _reads;

        public async Task<double> ReadAsync()
        {
            await Scheduling.Sleep(TimeSpan.FromMilliseconds(10));
            return 20.5 + _reads++;
        }
    }

    /// <summary>Awaitable by an async method; each await reads the sensor again.</summary>
    private sealed class Reading(Sensor sensor)
    {
        public TaskAwaiter<double> GetAwaiter() => Coro.Iter(sensor.ReadAsync).GetAwaiter();
    }

    private static string[] Lines(Action<TextWriter> example)
    {
        using var output = new StringWriter();
        example(output);
        return output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void EagerExample_PrintsTheThreeOrders()
    {
        Lines(EagerExampleRun).ShouldBe(
        [
            "no conversion: a, b, c, 1, 2",
            "CreateTask:    a, b, 1, c, 2",
            "Coro.Eager:    a, 1, b, c, 2",
        ]);
    }

    [Fact]
    public void CoroStartExample_ContinuationRunsInConsumer()
    {
        string[] lines = Lines(CoroStartExampleRun);
        lines.Length.ShouldBe(4);
        lines[0].ShouldBe("request sent by 'main'");
        lines[1].ShouldMatch(@"^one second later the request is still Suspended at CoroutineExamplesTests\.CoroStartExampleRun \(lambda\) \(CoroutineExamplesTests\.cs:\d+\)$");
        lines[2].ShouldBe("reply 'pong' handled by 'consumer'");
        lines[3].ShouldBe("consumer got 'PONG'");
    }

    [Fact]
    public void TaskGroupExample_FailureCancelsSibling()
    {
        Lines(TaskGroupExampleRun).ShouldBe(
        [
            "download: started",
            "server: listening",
            "main: server is on port 8080",
            "download: cancelled at +3s",
            "group failed: server crashed",
        ]);
    }

    [Fact]
    public void IterExample_EachAwaitRunsAFreshCoroutine()
    {
        Lines(IterExampleRun).ShouldBe(["two awaits, two reads: 20.5, 21.5"]);
    }
}
