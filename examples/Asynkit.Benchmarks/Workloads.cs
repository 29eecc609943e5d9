using Asynkit.Testing;

namespace Asynkit.Benchmarks;

/// <summary>The benchmark programs, each runnable on the AsynkitLoop and on the bare baseline loop.</summary>
internal static class Workloads
{
    public static long YieldTasksOnLoop(int tasks, int awaits)
    {
        using var loop = new AsynkitLoop();
        loop.RunUntilComplete(async () =>
        {
            var all = new Task[tasks];
            for (int i = 0; i < tasks; i++)
            {
                all[i] = AsynkitLoop.Current!.CreateTask(() => Yields(awaits)).Task;
            }

            await Task.WhenAll(all);
        });
        return loop.StepCount;
    }

    public static long YieldTasksOnBare(int tasks, int awaits)
    {
        var loop = new BareLoop();
        loop.Run(async () =>
        {
            var all = new Task[tasks];
            for (int i = 0; i < tasks; i++)
            {
                all[i] = Yields(awaits);
            }

            await Task.WhenAll(all);
        });
        return loop.Steps;
    }

    public static long PingPongOnLoop(int exchanges)
    {
        using var loop = new AsynkitLoop();
        loop.RunUntilComplete(async () =>
        {
            var channel = new PingPong();
            LoopTask pong = AsynkitLoop.Current!.CreateTask(() => channel.Pong(exchanges));
            await channel.Ping(exchanges);
            await pong;
        });
        return loop.StepCount;
    }

    public static long PingPongOnBare(int exchanges)
    {
        var loop = new BareLoop();
        loop.Run(async () =>
        {
            var channel = new PingPong();
            Task pong = Task.Factory.StartNew(() => channel.Pong(exchanges), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.FromCurrentSynchronizationContext()).Unwrap();
            await channel.Ping(exchanges);
            await pong;
        });
        return loop.Steps;
    }

    /// <summary>Awaits Task.Yield() <paramref name="awaits"/> times.</summary>
    public static async Task Yields(int awaits)
    {
        for (int i = 0; i < awaits; i++)
        {
            await Task.Yield();
        }
    }

    /// <summary>Two tasks taking turns: each exchange completes one TaskCompletionSource in each direction.</summary>
    private sealed class PingPong
    {
        private TaskCompletionSource _request = new();
        private TaskCompletionSource _reply = new();

        public async Task Ping(int exchanges)
        {
            for (int i = 0; i < exchanges; i++)
            {
                TaskCompletionSource reply = _reply = new TaskCompletionSource();
                _request.SetResult();
                await reply.Task;
            }
        }

        public async Task Pong(int exchanges)
        {
            for (int i = 0; i < exchanges; i++)
            {
                await _request.Task;
                _request = new TaskCompletionSource();
                _reply.SetResult();
            }
        }
    }
}
