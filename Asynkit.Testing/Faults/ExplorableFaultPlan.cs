namespace Asynkit.Testing.Faults;

/// <summary>A fault plan that leaves "inject here or not" to the loop's schedule strategy, so that exploration enumerates fault
/// placements together with interleavings, and a replay reproduces both.</summary>
/// <example><code>
/// var plan = new ExplorableFaultPlan { MaxFaults = 1 }
///     .At("db.write", () => new IOException("connection reset"));
/// </code></example>
/// <remarks>
/// <para>At each call of a point with candidate faults (while fewer than <see cref="MaxFaults"/> were injected in the run), the plan
/// asks <see cref="AsynkitLoop.Decide"/> with the label <c>"fault {point} #{call}"</c> and one option per candidate plus option 0,
/// "no fault". The default strategy answers 0, so without exploration the code runs fault-free; exploration strategies and
/// replays decide like any other choice point.</para>
/// </remarks>
public sealed class ExplorableFaultPlan : IFaultPlan
{
    private readonly Dictionary<string, List<FaultAction>> _candidates = new(StringComparer.Ordinal);
    private int _maxFaults = 1;

    /// <summary>The most faults injected in one run (default 1); keeps exploration small. Points stop being choice points once reached.</summary>
    public int MaxFaults
    {
        get => _maxFaults;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxFaults = value;
        }
    }

    /// <summary>Adds <paramref name="fault"/> as a candidate at the point <paramref name="point"/>; a point may have several.</summary>
    public ExplorableFaultPlan At(string point, FaultAction fault)
    {
        ArgumentException.ThrowIfNullOrEmpty(point);
        ArgumentNullException.ThrowIfNull(fault);
        if (!_candidates.TryGetValue(point, out List<FaultAction>? list))
        {
            _candidates[point] = list = [];
        }

        list.Add(fault);
        return this;
    }

    /// <summary>Adds a candidate fault at <paramref name="point"/> that throws a new exception from <paramref name="exception"/>.</summary>
    public ExplorableFaultPlan At(string point, Func<Exception> exception) => At(point, FaultAction.Throw(exception));

    /// <summary>The candidate faults at <paramref name="point"/>.</summary>
    public IReadOnlyList<FaultAction> CandidatesAt(string point) =>
        _candidates.TryGetValue(point, out List<FaultAction>? list) ? list : [];

    /// <summary>Asks the loop's strategy whether (and which) fault to inject at <paramref name="pointCall"/>.</summary>
    public FaultAction? Choose(in FaultPointCall pointCall)
    {
        if (pointCall.FaultsInjected >= _maxFaults || !_candidates.TryGetValue(pointCall.Point, out List<FaultAction>? candidates))
        {
            return null;
        }

        int option = pointCall.Loop.Decide($"fault {pointCall.Point} #{pointCall.Call}", candidates.Count + 1);
        return option == 0 ? null : candidates[option - 1];
    }
}
