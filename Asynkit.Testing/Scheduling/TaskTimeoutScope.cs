namespace Asynkit.Testing;

/// <summary>A virtual-time deadline for the task that opened it (<see cref="Scheduling.TaskTimeout"/>); dispose it to end the scope.</summary>
/// <remarks>At the deadline, while the scope is open: the task is interrupted with a <see cref="TaskTimeoutException"/> whose
/// <see cref="TaskTimeoutException.Scope"/> is this scope (at once when it waits at an interruptible await, else at its next one
/// inside the scope), and <see cref="Token"/> is cancelled. An outer scope's undelivered timeout is never replaced by an inner one's.</remarks>
public sealed class TaskTimeoutScope : IDisposable
{
    private static long s_sequence;

    private readonly CancellationTokenSource _cancellation = new();
    private readonly ITimer? _timer;
    private readonly long _sequence;
    private bool _active = true;

    internal TaskTimeoutScope(AsynkitLoop loop, LoopTask task, TimeSpan duration)
    {
        Task = task;
        Duration = duration;
        _sequence = Interlocked.Increment(ref s_sequence);
        if (duration == Timeout.InfiniteTimeSpan)
        {
            Deadline = Timeout.InfiniteTimeSpan;
            return;
        }

        Deadline = loop.Clock.Elapsed + duration;
        _timer = loop.Clock.CreateTimer(static s => ((TaskTimeoutScope)s!).Fire(), this, duration, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The task the scope interrupts.</summary>
    public LoopTask Task { get; }

    /// <summary>The duration asked for (<see cref="Timeout.InfiniteTimeSpan"/>: none).</summary>
    public TimeSpan Duration { get; }

    /// <summary>The virtual time (<see cref="VirtualClock.Elapsed"/>) at which the scope times out, or <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>True once the deadline passed while the scope was open.</summary>
    public bool Expired { get; private set; }

    /// <summary>True until the scope is disposed.</summary>
    public bool IsActive => _active;

    /// <summary>Cancelled at the deadline: pass it to awaits that cannot be interrupted (they end with OperationCanceledException).</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Ends the scope: cancels the timer and drops this scope's timeout if it could not be delivered yet.</summary>
    public void Dispose()
    {
        if (!_active)
        {
            return;
        }

        _active = false;
        _timer?.Dispose();
        if (Task.PendingInterrupt is TaskTimeoutException { } pending && pending.Scope == this)
        {
            Task.PendingInterrupt = null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"TaskTimeout({Duration}) of task '{Task.Name}'{(Expired ? ", expired" : "")}";

    private void Fire()
    {
        if (!_active || Task.IsCompleted)
        {
            return;
        }

        Expired = true;
        if (!OuterTimeoutPending() && !Task.IsCancellationRequested)
        {
            var exception = new TaskTimeoutException(this, $"Task '{Task.Name}' (#{Task.Id}) timed out: its Scheduling.TaskTimeout({Duration}) scope reached its deadline at virtual time +{Deadline}.");
            AsynkitLoop loop = Task.Loop;
            if (Interrupts.Find(loop, Task, nameof(Scheduling.TaskTimeout), out _) is { } wait)
            {
                wait.Interrupt(exception);
            }
            else
            {
                Task.PendingInterrupt = exception;
            }
        }

        _cancellation.Cancel();
    }

    /// <summary>True when the task already has an undelivered timeout from a scope that encloses this one (the outer one wins).</summary>
    private bool OuterTimeoutPending()
    {
        if (IsOuter(Task.PendingInterrupt))
        {
            return true;
        }

        if (Task.Waits is { } waits)
        {
            foreach (LoopWait wait in waits)
            {
                if (IsOuter(wait.PendingInterrupt))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool IsOuter(Exception? pending) =>
        pending is TaskTimeoutException { Scope: { } other } && other != this && other.Task == Task && other._active && other._sequence < _sequence;
}
