using System.Diagnostics;

namespace Asynkit.Testing.Exploration;

/// <summary>Sees every run of a test body start (schedules, shrinking candidates, replays): how many, when the latest began, and
/// its loop, so that <see cref="LoopThread"/> can tell a stuck schedule and name its step.</summary>
internal sealed class RunWatch
{
    private long _lastStart;
    private int _runs;
    private AsynkitLoop? _loop;

    /// <summary>How many runs started.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>The <see cref="Stopwatch.GetTimestamp"/> of the start of the latest run, or 0 before the first.</summary>
    public long LastStartTimestamp => Volatile.Read(ref _lastStart);

    /// <summary>The loop of the latest run.</summary>
    public AsynkitLoop? Loop => Volatile.Read(ref _loop);

    /// <summary>Notes that a run starts on the current loop; returns its 1-based number.</summary>
    public int Start()
    {
        Volatile.Write(ref _loop, AsynkitLoop.Current);
        Volatile.Write(ref _lastStart, Stopwatch.GetTimestamp());
        return Interlocked.Increment(ref _runs);
    }

    /// <summary><paramref name="body"/>, noting each run's start.</summary>
    public Func<Task> Watching(Func<Task> body) => () =>
    {
        Start();
        return body();
    };
}
