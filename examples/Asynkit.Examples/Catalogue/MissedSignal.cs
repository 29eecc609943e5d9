using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Missed signal (lost wake-up): a worker checks "is there work?", then arms a fresh signal and waits on it.</summary>
/// <remarks>The bug: the producer can add the work and fire the current signal between the worker's check and the moment
/// the worker replaces the signal with a fresh one; the wake-up is lost and the worker waits forever (deadlock). The fix
/// waits on a SemaphoreSlim, which counts releases, so no wake-up is lost.</remarks>
public static class MissedSignal
{
    public static BugProgram Program { get; } = new(
        "missed-signal",
        "a wake-up fired between the worker's check and its wait is lost",
        () => RunAsync(new FlagAndSignalQueue()),
        () => RunAsync(new SemaphoreQueue()));

    private static async Task RunAsync(IWorkQueue queue)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        LoopTask<string> worker = loop.CreateTask(queue.TakeAsync, "worker");
        LoopTask producer = loop.CreateTask(() => queue.AddAsync("job-1"), "producer");
        await producer;
        string job = await worker;
        InvariantViolationException.Check(job == "job-1", "missed-signal: wrong job");
    }

    private interface IWorkQueue
    {
        Task AddAsync(string job);

        Task<string> TakeAsync();
    }

    private sealed class FlagAndSignalQueue : IWorkQueue
    {
        private readonly Queue<string> _jobs = new();
        private TaskCompletionSource _signal = new();

        public async Task AddAsync(string job)
        {
            await Task.Yield(); // the job arrives over the network
            _jobs.Enqueue(job);
            _signal.TrySetResult();
        }

        public async Task<string> TakeAsync()
        {
            while (true)
            {
                if (_jobs.TryDequeue(out string? job))
                {
                    return job;
                }

                await Task.Yield(); // log "idle, waiting"
                _signal = new TaskCompletionSource(); // arming a fresh signal here can throw away a wake-up
                await _signal.Task;
            }
        }
    }

    private sealed class SemaphoreQueue : IWorkQueue
    {
        private readonly Queue<string> _jobs = new();
        private readonly SemaphoreSlim _available = new(0);

        public async Task AddAsync(string job)
        {
            await Task.Yield();
            _jobs.Enqueue(job);
            _available.Release();
        }

        public async Task<string> TakeAsync()
        {
            await _available.WaitAsync();
            await Task.Yield();
            return _jobs.Dequeue();
        }
    }
}
