namespace Asynkit.Testing.Exploration;

/// <summary>Follows a candidate plan leniently (for shrinking): entries that no longer fit fall back to a default.</summary>
/// <remarks>A ready entry names the task to run (with the recorded index as a hint when several items of the task are ready),
/// or <see cref="PlanChoice.Stay"/> (keep running the previous step's task if it is runnable, else the head), or
/// <see cref="PlanChoice.Head"/>. Past the plan's end the fallback applies; decisions past the end take option 0.</remarks>
internal sealed class PlanStrategy : ExplorationStrategy
{
    private readonly PlanChoice[] _plan;
    private readonly int _fallback;
    private int _next;

    public PlanStrategy(PlanChoice[] plan, int fallback)
    {
        _plan = plan;
        _fallback = fallback;
    }

    public override string Describe() => "Shrinking candidate";

    protected override bool OnBegin(int index, ulong seed)
    {
        _next = 0;
        return true;
    }

    public override int Choose(in ChoicePoint point, ScheduleRecorder schedule)
    {
        PlanChoice entry = _next < _plan.Length ? _plan[_next] : new PlanChoice(ChoiceKind.Ready, _fallback, -1);
        _next++;
        if (point.Kind == ChoiceKind.Decision)
        {
            return entry.Kind == ChoiceKind.Decision && entry.Target < point.Count ? entry.Target : 0;
        }

        int target = entry.Kind == ChoiceKind.Ready ? entry.Target : _fallback;
        AsynkitLoop loop = point.Loop;
        if (target == PlanChoice.Head)
        {
            return 0;
        }

        if (target == PlanChoice.Stay)
        {
            int stay = schedule.IndexOfPreviousTask(loop, point.Count);
            return stay >= 0 ? stay : 0;
        }

        if (entry.IndexHint >= 0 && entry.IndexHint < point.Count && (loop.OwnerAt(entry.IndexHint)?.Id ?? 0) == target)
        {
            return entry.IndexHint;
        }

        for (int i = 0; i < point.Count; i++)
        {
            if ((loop.OwnerAt(i)?.Id ?? 0) == target)
            {
                return i;
            }
        }

        return 0;
    }
}
