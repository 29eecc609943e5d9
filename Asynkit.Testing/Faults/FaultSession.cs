namespace Asynkit.Testing.Faults;

/// <summary>A fault plan active on one loop: counts the calls of each fault point and records every fault injected.</summary>
/// <remarks>Created by <see cref="FaultPoints.Activate"/> or <see cref="FaultPoints.Attach"/>; dispose it to deactivate the plan. Everything
/// here lives as long as the loop's run, so a new loop (a new schedule) starts from zero.</remarks>
public sealed class FaultSession : IDisposable
{
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<FaultRule, int> _fired = [];
    private readonly List<FaultInjection> _injections = [];

    internal FaultSession(AsynkitLoop loop, IFaultPlan plan)
    {
        Loop = loop;
        Plan = plan;
    }

    /// <summary>The loop the plan is active on.</summary>
    public AsynkitLoop Loop { get; }

    /// <summary>The active plan.</summary>
    public IFaultPlan Plan { get; }

    /// <summary>Every fault injected so far, in order.</summary>
    public IReadOnlyList<FaultInjection> Injections => _injections;

    /// <summary>False once disposed.</summary>
    public bool IsActive { get; private set; } = true;

    /// <summary>How many times the point <paramref name="point"/> was called in this session (faulted or not).</summary>
    public int CallCount(string point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return _calls.GetValueOrDefault(point);
    }

    /// <summary>Deactivates the plan: fault points on the loop become no-ops again.</summary>
    public void Dispose()
    {
        if (IsActive)
        {
            IsActive = false;
            FaultPoints.Detach(this);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"fault session ({Plan.GetType().Name}): {_injections.Count} fault(s) injected";

    internal int TimesFired(FaultRule rule) => _fired.GetValueOrDefault(rule);

    internal void CountFired(FaultRule rule) => _fired[rule] = TimesFired(rule) + 1;

    /// <summary>A call of the point <paramref name="point"/>: asks the plan and carries out its answer.</summary>
    internal Task Hit(string point)
    {
        int call = _calls.GetValueOrDefault(point) + 1;
        _calls[point] = call;
        var pointCall = new FaultPointCall(point, call, this);
        FaultAction? action = Plan.Choose(pointCall);
        if (action is null)
        {
            return Task.CompletedTask;
        }

        Exception? exception = action.CreateException(pointCall);
        _injections.Add(new FaultInjection(point, call, action, Loop.StepCount, Loop.CurrentTask?.Name, exception));
        return action.ApplyAsync(pointCall, exception);
    }
}
