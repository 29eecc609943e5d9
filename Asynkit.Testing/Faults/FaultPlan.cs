namespace Asynkit.Testing.Faults;

/// <summary>A scripted fault plan: rules that say which calls of which fault points fail, and how.</summary>
/// <example><code>
/// var plan = new FaultPlan()
///     .On("db.write").Nth(2).Throw(new IOException("disk full"))
///     .On("db.read").Delay(TimeSpan.FromSeconds(30));
/// using FaultSession session = FaultPoints.Activate(plan);
/// </code></example>
/// <remarks>At each call the first matching rule (in the order they were added) fires; no match lets the call proceed. Call numbers
/// and Times limits count per run (per <see cref="FaultSession"/>), so the plan can be reused across runs.</remarks>
public sealed class FaultPlan : IFaultPlan
{
    private readonly List<FaultRule> _rules = [];

    /// <summary>The rules, in order.</summary>
    public IReadOnlyList<FaultRule> Rules => _rules;

    /// <summary>Starts a rule for the fault point <paramref name="point"/>; finish it with an action (Throw, Delay, Cancel, Pause, Do).</summary>
    public FaultRule On(string point)
    {
        ArgumentException.ThrowIfNullOrEmpty(point);
        var rule = new FaultRule(this, point);
        _rules.Add(rule);
        return rule;
    }

    /// <summary>Returns the action of the first rule matching <paramref name="pointCall"/>, or null.</summary>
    public FaultAction? Choose(in FaultPointCall pointCall)
    {
        foreach (FaultRule rule in _rules)
        {
            if (rule.Matches(pointCall))
            {
                pointCall.Session.CountFired(rule);
                return rule.Action;
            }
        }

        return null;
    }

    /// <summary>Throws when a rule was started with On but never given an action.</summary>
    internal void Validate()
    {
        foreach (FaultRule rule in _rules)
        {
            if (rule.Action is null)
            {
                throw new InvalidOperationException($"The fault rule On(\"{rule.Point}\") has no action: finish it with Throw, Delay, Cancel, Pause or Do.");
            }
        }
    }
}
