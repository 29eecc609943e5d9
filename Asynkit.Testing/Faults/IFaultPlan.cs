namespace Asynkit.Testing.Faults;

/// <summary>Decides, at each call of a fault point, whether to inject a fault and which.</summary>
/// <remarks>A plan describes faults; the per-run state (call counts, what was injected) lives in the <see cref="FaultSession"/> that
/// activates it on a loop, so one plan can drive any number of runs, for example one per explored schedule.</remarks>
public interface IFaultPlan
{
    /// <summary>Returns the fault to inject at <paramref name="pointCall"/>, or null to let the call proceed normally.</summary>
    FaultAction? Choose(in FaultPointCall pointCall);
}
