namespace Asynkit.Testing.Faults;

/// <summary>One rule of a <see cref="FaultPlan"/>: which calls of a point it matches, and what it does there.</summary>
/// <remarks>Built fluently: <c>plan.On("db.write").Nth(2).Throw(new IOException())</c>. Without a selector a rule matches every call.</remarks>
public sealed class FaultRule
{
    private readonly FaultPlan _plan;
    private readonly List<Func<FaultPointCall, bool>> _conditions = [];
    private int _maxTimes = int.MaxValue;

    internal FaultRule(FaultPlan plan, string point)
    {
        _plan = plan;
        Point = point;
    }

    /// <summary>The fault point this rule is about.</summary>
    public string Point { get; }

    /// <summary>The action, once set.</summary>
    public FaultAction? Action { get; private set; }

    /// <summary>Matches only the <paramref name="call"/>-th call to the point in a run (from 1).</summary>
    public FaultRule Nth(int call)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(call, 1);
        _conditions.Add(c => c.Call == call);
        return this;
    }

    /// <summary>Matches only calls after the first <paramref name="calls"/> calls.</summary>
    public FaultRule After(int calls)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(calls);
        _conditions.Add(c => c.Call > calls);
        return this;
    }

    /// <summary>Fires at most <paramref name="times"/> times in a run.</summary>
    public FaultRule Times(int times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        _maxTimes = times;
        return this;
    }

    /// <summary>Matches only calls for which <paramref name="predicate"/> is true.</summary>
    public FaultRule When(Func<FaultPointCall, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        _conditions.Add(predicate);
        return this;
    }

    /// <summary>The matching calls throw <paramref name="exception"/>; returns the plan, to add more rules.</summary>
    public FaultPlan Throw(Exception exception) => Do(FaultAction.Throw(exception));

    /// <summary>The matching calls throw a new exception from <paramref name="factory"/>.</summary>
    public FaultPlan Throw(Func<Exception> factory) => Do(FaultAction.Throw(factory));

    /// <summary>The matching calls throw a new <typeparamref name="TException"/>.</summary>
    public FaultPlan Throw<TException>()
        where TException : Exception, new() => Do(FaultAction.Throw<TException>());

    /// <summary>The matching calls wait <paramref name="delay"/> of virtual time, then proceed.</summary>
    public FaultPlan Delay(TimeSpan delay) => Do(FaultAction.DelayBy(delay));

    /// <summary>The matching calls throw OperationCanceledException.</summary>
    public FaultPlan Cancel() => Do(FaultAction.Cancel());

    /// <summary>The matching calls pause on <paramref name="monitor"/> (see <see cref="FaultAction.Pause"/>).</summary>
    public FaultPlan Pause(OobMonitor monitor) => Do(FaultAction.Pause(monitor));

    /// <summary>The matching calls carry out <paramref name="action"/>.</summary>
    public FaultPlan Do(FaultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Action is not null)
        {
            throw new InvalidOperationException($"The fault rule for '{Point}' already has an action ({Action}); start another rule with FaultPlan.On.");
        }

        Action = action;
        return _plan;
    }

    internal bool Matches(in FaultPointCall call)
    {
        if (Action is null || !string.Equals(call.Point, Point, StringComparison.Ordinal) || call.Session.TimesFired(this) >= _maxTimes)
        {
            return false;
        }

        foreach (Func<FaultPointCall, bool> condition in _conditions)
        {
            if (!condition(call))
            {
                return false;
            }
        }

        return true;
    }
}
