namespace Asynkit.Testing;

/// <summary>A liveness property (<see cref="AsynkitLoop.AddLiveness(string, long)"/>): code marks it hot when something is owed
/// ("a coffee was ordered") and cold when it was delivered ("the coffee was served"); the run fails with a
/// <see cref="LivenessException"/> when it stays hot past its bound, or is still hot when main completes.</summary>
/// <remarks>Like a hot state of a Coyote monitor. Fair scheduling is assumed: under exploration a step bound counts only the
/// steps after the explorer's strategies turned fair (<c>ExplorationOptions.FairAfterSteps</c>, by default a tenth of the step
/// budget), so a task starved by an unfair prefix of the schedule is no violation; a virtual-time bound counts from when the
/// property became hot (the clock moves only when nothing is ready, so no unfair choice makes it pass). Dispose it to stop
/// watching.</remarks>
public sealed class LivenessProperty : IDisposable
{
    private readonly AsynkitLoop _loop;
    private readonly LivenessCheck _check;

    internal LivenessProperty(AsynkitLoop loop, string name, long? maxHotSteps, TimeSpan? maxHotTime)
    {
        _loop = loop;
        Name = name;
        _check = new LivenessCheck(this, maxHotSteps, maxHotTime);
        loop.AddCheck(_check);
    }

    /// <summary>What the property promises ("every order is served").</summary>
    public string Name { get; }

    /// <summary>True while something is owed.</summary>
    public bool IsHot => _check.HotSince is not null;

    /// <summary>Something is owed from now on; a property already hot stays hot since it first became so.</summary>
    /// <exception cref="InvalidOperationException">Called from a thread other than the running loop's.</exception>
    public void Hot()
    {
        _loop.EnsureLoopThread(nameof(Hot));
        _check.HotSince ??= new LivenessCheck.Mark(_loop.StepCount, _loop.Clock.Elapsed, _loop.CurrentTask?.Name, _loop.CurrentTask?.Id ?? 0);
    }

    /// <summary>What was owed was delivered: the property is cold again.</summary>
    /// <exception cref="InvalidOperationException">Called from a thread other than the running loop's.</exception>
    public void Cold()
    {
        _loop.EnsureLoopThread(nameof(Cold));
        _check.HotSince = null;
    }

    /// <summary>Stops watching the property.</summary>
    public void Dispose() => _loop.RemoveCheck(_check);
}
