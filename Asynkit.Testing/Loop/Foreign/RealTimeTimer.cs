using System.Diagnostics;

namespace Asynkit.Testing;

/// <summary>A real-time (TimerQueue) timer that code on the loop armed: Task.Delay without the loop's clock, a
/// CancellationTokenSource timeout on TimeProvider.System, System.Threading.Timer, a rate limiter's replenishment timer...</summary>
/// <remarks>The loop cannot control real time. Such a timer is harmless while it is disposed before it matters; the run fails with
/// an escape naming where it was armed when it fires, when the loop goes idle while it is pending, or when virtual time passes the
/// moment it is due (the code would then see time run differently than in production).</remarks>
internal sealed class RealTimeTimer
{
    internal RealTimeTimer(AsynkitLoop loop, long id, int dueMilliseconds, int periodMilliseconds, long armedAtVirtualTicks, LoopTask? owner, StackTrace armedAt)
    {
        Loop = loop;
        Id = id;
        DueMilliseconds = dueMilliseconds;
        PeriodMilliseconds = periodMilliseconds;
        ArmedAtVirtualTicks = armedAtVirtualTicks;
        Owner = owner;
        ArmedAt = armedAt;
    }

    internal AsynkitLoop Loop { get; }

    /// <summary>The TimerQueueTimer's hash code, as the runtime's events report it.</summary>
    internal long Id { get; }

    internal int DueMilliseconds { get; }

    internal int PeriodMilliseconds { get; }

    /// <summary>The loop's virtual time when it was armed.</summary>
    internal long ArmedAtVirtualTicks { get; }

    /// <summary>The virtual time at which it would fire if it ran on the loop's clock.</summary>
    internal long DueAtVirtualTicks => ArmedAtVirtualTicks + (DueMilliseconds * TimeSpan.TicksPerMillisecond);

    internal LoopTask? Owner { get; }

    internal StackTrace ArmedAt { get; }

    /// <summary>Set (from the timer's thread) when its callback started.</summary>
    internal bool Fired { get; set; }
}
