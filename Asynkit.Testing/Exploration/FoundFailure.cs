namespace Asynkit.Testing.Exploration;

/// <summary>The failure a driver found, before it is reported: which iteration, what ran it, when, how it failed and, when the
/// failing schedule ran on our loop, that run (which the reporter shrinks, traces and encodes as a token).</summary>
/// <param name="Iteration">The 1-based number of the failing schedule.</param>
/// <param name="Strategy">What ran it ("PCT depth 2", "Coyote portfolio").</param>
/// <param name="FoundAfter">Time from the start of the exploration until the failure was known.</param>
/// <param name="Failure">How it failed (for a determinism check, possibly not the run's own exception).</param>
/// <param name="Run">The failing run, or null when the schedule did not run on our loop (Coyote's rewritten mode, a bug of
/// Coyote's own): then there is no token, no shrinking and no replayed trace.</param>
/// <param name="Trace">A readable trace from elsewhere (Coyote's), used when there is no run to trace.</param>
internal sealed record FoundFailure(int Iteration, string Strategy, TimeSpan FoundAfter, Exception Failure, ScheduleRun? Run, string? Trace = null);
