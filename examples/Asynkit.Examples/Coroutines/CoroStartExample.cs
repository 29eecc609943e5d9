using Asynkit.Testing;

namespace Asynkit.Examples.Coroutines;

/// <summary>A pending CoroStart holds its continuation: the coroutine resumes only when a task awaits it, and in that task.</summary>
internal static class CoroStartExample
{
    public static void Run(TextWriter output)
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
}
