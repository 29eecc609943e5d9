namespace Asynkit.Testing.Exploration;

/// <summary>What a driver hands to the failure pipeline: its figures, the first failure it found, and what only it knows.</summary>
/// <param name="Tally">The exploration's figures and stop reason.</param>
/// <param name="Found">The first failure, or null.</param>
/// <param name="ReportSuffix">The end of the HTML report's file name ("seed1-schedule3", "coyote-seed7").</param>
/// <param name="Details">Driver-specific result data (Coyote's trace), or null.</param>
internal sealed record DriverOutcome(ExplorationTally Tally, FoundFailure? Found, string ReportSuffix, IResultDetails? Details = null);
