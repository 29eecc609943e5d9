namespace Asynkit.Testing;

/// <summary>The loop check of a <see cref="LivenessProperty"/>: after every step, has it been hot for longer than its bound?
/// At the end of the run, is it still hot?</summary>
/// <remarks>Fair scheduling is assumed. A step bound counts from the later of when the property became hot and when the
/// explorer's strategies turned fair (<see cref="LoopOptions.FairFromStep"/>): before that, a strategy may starve a task that
/// polls. A virtual-time bound needs no such care: the clock moves only when nothing is ready, so no unfair choice can make
/// time pass while a task that would deliver waits to run.</remarks>
internal sealed class LivenessCheck : LoopCheck
{
    private readonly LivenessProperty _property;
    private readonly long? _maxHotSteps;
    private readonly TimeSpan? _maxHotTime;

    public LivenessCheck(LivenessProperty property, long? maxHotSteps, TimeSpan? maxHotTime)
    {
        _property = property;
        _maxHotSteps = maxHotSteps;
        _maxHotTime = maxHotTime;
    }

    /// <summary>When the property became hot, or null while it is cold.</summary>
    public Mark? HotSince { get; set; }

    public override Exception? AfterStep(AsynkitLoop loop, long step, LoopTask? owner)
    {
        if (HotSince is not { } hot)
        {
            return null;
        }

        long fairFrom = loop.Options.FairFromStep;
        long hotSteps = step - Math.Max(hot.Step, fairFrom);
        TimeSpan hotTime = loop.Clock.Elapsed - hot.Time;
        if (hotSteps > _maxHotSteps)
        {
            return LivenessException.Violated(_property.Name, hot, step, loop.Clock.Elapsed, FormattableString.Invariant($"it stayed hot for {hotSteps:N0} steps of fair scheduling, past its bound of {_maxHotSteps:N0}"), fairFrom);
        }

        if (hotTime > _maxHotTime)
        {
            return LivenessException.Violated(_property.Name, hot, step, loop.Clock.Elapsed, $"it stayed hot for {hotTime} of virtual time, past its bound of {_maxHotTime}", 0);
        }

        return null;
    }

    public override Exception? AtEndOfRun(AsynkitLoop loop) =>
        HotSince is { } hot
            ? LivenessException.Violated(_property.Name, hot, loop.StepCount, loop.Clock.Elapsed, "main completed while it was still hot", 0)
            : null;

    /// <summary>Where a property became hot: the step, the virtual time and the task of that step.</summary>
    internal readonly record struct Mark(long Step, TimeSpan Time, string? TaskName, int TaskId);
}
