using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Asynkit.Testing.Exploration;

/// <summary>Runs a range of schedules on several threads, each with its own strategy, runner and loops, and tallies them as a
/// serial run would: in schedule order, up to the lowest-numbered failing schedule.</summary>
/// <remarks>
/// Workers take schedule numbers in increasing order from one counter; schedule i depends only on (seed, i) and the
/// calibration's step count, so it runs the same on any worker. A worker stops taking numbers above the lowest failure found so
/// far; every number below it was taken before and runs to its end, so the lowest failure, and every figure counted up to it,
/// is what a serial run gives. The calling thread is one worker; the others are dedicated threads, not thread-pool threads: the
/// loops' thread-pool control holds pool threads for their turns, and a worker blocked on the pool would starve it.
/// </remarks>
internal sealed class ParallelSchedules
{
    private readonly DriverContext _context;
    private readonly Func<ExplorationStrategy> _create;
    private readonly long _calibration;
    private readonly int _parallelism;
    private int _next;
    private int _lowestFailure = int.MaxValue;
    private volatile bool _timedOut;

    /// <param name="context">The exploration: its runner (forked per worker), options and seed.</param>
    /// <param name="create">Makes a worker's strategy.</param>
    /// <param name="calibration">The FIFO calibration schedule's step count, for strategies that need it.</param>
    /// <param name="parallelism">How many threads run schedules, the calling one included.</param>
    public ParallelSchedules(DriverContext context, Func<ExplorationStrategy> create, long calibration, int parallelism)
    {
        _context = context;
        _create = create;
        _calibration = calibration;
        _parallelism = parallelism;
    }

    /// <summary>Runs schedules <paramref name="from"/> to <paramref name="end"/> (exclusive), adds their results to
    /// <paramref name="progress"/> in order, and says why they stopped.</summary>
    public ExplorationStop Run(int from, int end, ExplorationProgress progress, Stopwatch exploring)
    {
        _next = from;
        int workers = (int)Math.Min(_parallelism, (long)end - from);
        var results = new List<ScheduleResult>?[workers];
        var runners = new ScheduleRunner?[workers];
        var errors = new ExceptionDispatchInfo?[workers];
        var threads = new Thread[workers - 1];
        for (int w = 1; w < workers; w++)
        {
            int worker = w;
            threads[w - 1] = new Thread(() => errors[worker] = Work(worker, runners, results, end, exploring))
            {
                IsBackground = true,
                Name = $"Asynkit explorer worker {worker + 1} of {workers}",
            };
            threads[w - 1].Start();
        }

        errors[0] = Work(0, runners, results, end, exploring);
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        foreach (ScheduleRunner? runner in runners)
        {
            if (runner is not null)
            {
                _context.Runner.Absorb(runner);
            }
        }

        foreach (ExceptionDispatchInfo? error in errors)
        {
            error?.Throw();
        }

        bool stopOnFirst = _context.Options.StopOnFirstFailure;
        int lowest = _lowestFailure;
        List<ScheduleResult> all = [.. results.SelectMany(r => r ?? [])];
        all.Sort(static (a, b) => a.Index.CompareTo(b.Index));
        foreach (ScheduleResult result in all)
        {
            if (stopOnFirst && result.Index > lowest)
            {
                break;
            }

            progress.Add(result);
        }

        return progress.Found is not null ? ExplorationStop.ScheduleFailed
            : _timedOut ? ExplorationStop.TimeLimit(_context.Options.TimeLimit!.Value)
            : ExplorationStop.IterationsRan(_context.Options.Iterations);
    }

    /// <summary>Worker <paramref name="worker"/>'s loop: takes schedule numbers until none is left or a lower one failed.</summary>
    /// <remarks>What a worker writes at every step (its runner, recorder, strategy, result list) is allocated here, on the worker's
    /// own thread, so that no two workers' hot objects start out side by side in memory (false sharing of a cache line).</remarks>
    private ExceptionDispatchInfo? Work(int worker, ScheduleRunner?[] runners, List<ScheduleResult>?[] workerResults, int end, Stopwatch exploring)
    {
        try
        {
            ScheduleRunner runner = runners[worker] = _context.Runner.Fork();
            List<ScheduleResult> results = workerResults[worker] = [];
            ExplorationOptions options = _context.Options;
            ExplorationStrategy strategy = _create();
            if (strategy.NeedsCalibration)
            {
                strategy.Calibrate(_calibration);
            }

            while (true)
            {
                int index = Interlocked.Increment(ref _next) - 1;
                if (index >= end || (options.StopOnFirstFailure && index > Volatile.Read(ref _lowestFailure)) || _timedOut)
                {
                    return null;
                }

                if (options.TimeLimit is { } limit && exploring.Elapsed >= limit)
                {
                    _timedOut = true;
                    return null;
                }

                StrategyDriver.BeginSchedule(strategy, _context.Seed, index);
                ScheduleResult result = StrategyDriver.RunSchedule(runner, strategy, index, options, _context.Started);
                results.Add(result);
                if (result.Outcome is not null)
                {
                    LowerFailure(index);
                }
            }
        }
        catch (Exception ex)
        {
            // A bug of ours, not a failure of the test (those are results): stop everyone, and rethrow on the calling thread.
            LowerFailure(-1);
            return ExceptionDispatchInfo.Capture(ex);
        }
    }

    private void LowerFailure(int index)
    {
        int seen = Volatile.Read(ref _lowestFailure);
        while (index < seen)
        {
            int previous = Interlocked.CompareExchange(ref _lowestFailure, index, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
