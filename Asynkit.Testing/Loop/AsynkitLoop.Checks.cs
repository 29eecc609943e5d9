namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    /// <summary>The checks run after every step; null when there are none, so that the step path pays one null check.</summary>
    private LoopCheck[]? _checks;

    /// <summary>Checks <paramref name="holds"/> after every step from now on: the first step after which it returns false (or
    /// throws) fails the run with a <see cref="StepInvariantException"/> naming <paramref name="name"/> and that step.</summary>
    /// <remarks>An invariant that a step breaks and a later step restores passes an assertion at the end of the test; checked
    /// after every step, it fails at the step that broke it, and the trace ends there. A thread-pool turn is a step (the check
    /// runs on the loop's thread after the turn ended); a turn run while a step waits synchronously for it belongs to that step.
    /// Call it inside the run (on <see cref="Current"/>) or before it starts; dispose the result to stop checking.</remarks>
    /// <param name="name">What the invariant says, for the failure message ("total money is 100").</param>
    /// <param name="holds">True while the invariant holds; it may throw to say why it does not (the exception becomes the inner exception).</param>
    /// <returns>A registration: disposing it removes the invariant.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">Called from a thread other than the running loop's.</exception>
    public IDisposable AddInvariant(string name, Func<bool> holds)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(holds);
        EnsureLoopThread(nameof(AddInvariant));
        var invariant = new StepInvariant(this, name, holds);
        AddCheck(invariant);
        return invariant;
    }

    /// <summary>Watches a liveness property that may be hot for at most <paramref name="maxHotSteps"/> steps (of fair scheduling)
    /// at a time: mark it <see cref="LivenessProperty.Hot"/> when something is owed and <see cref="LivenessProperty.Cold"/> when it
    /// was delivered; past the bound, or still hot when main completes, the run fails with a <see cref="LivenessException"/>.</summary>
    /// <param name="name">What the property promises, for the failure message ("every order is served").</param>
    /// <param name="maxHotSteps">The most steps it may stay hot (at least 1).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxHotSteps"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">Called from a thread other than the running loop's.</exception>
    public LivenessProperty AddLiveness(string name, long maxHotSteps)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHotSteps, 1);
        EnsureLoopThread(nameof(AddLiveness));
        return new LivenessProperty(this, name, maxHotSteps, null);
    }

    /// <summary>Watches a liveness property that may be hot for at most <paramref name="maxHotTime"/> of virtual time (under fair
    /// scheduling) at a time; see <see cref="AddLiveness(string, long)"/>.</summary>
    /// <param name="name">What the property promises, for the failure message.</param>
    /// <param name="maxHotTime">The most virtual time it may stay hot (positive).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxHotTime"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">Called from a thread other than the running loop's.</exception>
    public LivenessProperty AddLiveness(string name, TimeSpan maxHotTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxHotTime, TimeSpan.Zero);
        EnsureLoopThread(nameof(AddLiveness));
        return new LivenessProperty(this, name, null, maxHotTime);
    }

    /// <summary>Runs <paramref name="check"/> after every step from now on (and at the end of the run) until it is removed.</summary>
    internal void AddCheck(LoopCheck check) => _checks = _checks is null ? [check] : [.. _checks, check];

    /// <summary>Stops running <paramref name="check"/>; nothing happens when it is not registered.</summary>
    internal void RemoveCheck(LoopCheck check)
    {
        LoopCheck[]? checks = _checks;
        int index = checks is null ? -1 : Array.IndexOf(checks, check);
        if (index < 0)
        {
            return;
        }

        _checks = checks!.Length == 1 ? null : [.. checks[..index], .. checks[(index + 1)..]];
    }

    /// <summary>Runs every registered check after a step (a snapshot: a check may add or remove checks); throws the first failure.</summary>
    private void RunChecksAfterStep(LoopCheck[] checks, LoopTask? owner)
    {
        long step = _stepCount;
        foreach (LoopCheck check in checks)
        {
            if (check.AfterStep(this, step, owner) is { } failure)
            {
                throw failure;
            }
        }
    }

    /// <summary>Main completed: runs every check's end-of-run test; throws the first failure.</summary>
    private void RunChecksAtEnd()
    {
        if (_checks is not { } checks || !_main!.PromiseTask.IsCompletedSuccessfully)
        {
            return;
        }

        foreach (LoopCheck check in checks)
        {
            if (check.AtEndOfRun(this) is { } failure)
            {
                throw failure;
            }
        }
    }
}
