namespace Asynkit.Testing.Faults;

/// <summary>A fault that a session injected: where, at which call, what, and when.</summary>
/// <param name="Point">The fault point's name.</param>
/// <param name="Call">The number of the call to that point, from 1.</param>
/// <param name="Action">What was done.</param>
/// <param name="Step">The loop's step count at the time.</param>
/// <param name="TaskName">The task that called the point, or null when a plain callback did.</param>
/// <param name="Exception">For a <see cref="FaultKind.Throw"/> or <see cref="FaultKind.Cancel"/> fault, the exception thrown.</param>
public sealed record FaultInjection(string Point, int Call, FaultAction Action, long Step, string? TaskName, Exception? Exception)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{(Exception is null ? Action.ToString() : $"{Exception.GetType().Name}: {Exception.Message}")} at {Point} #{Call} (step {Step}, task '{TaskName ?? "<callback>"}')";
}
