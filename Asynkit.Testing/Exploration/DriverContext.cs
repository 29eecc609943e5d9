namespace Asynkit.Testing.Exploration;

/// <summary>What a driver explores with: the runner of the test's schedules, the options, and the exploration's name, seed and
/// start.</summary>
/// <param name="Runner">Runs one schedule of the test on a fresh loop.</param>
/// <param name="Options">The exploration's options (validated).</param>
/// <param name="Name">The test's name, for reports.</param>
/// <param name="Seed">The exploration's seed (given, or picked by the entry point).</param>
/// <param name="SeedSource">Where the seed came from, for the result's text.</param>
/// <param name="Started">The <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> of the exploration's start.</param>
internal sealed record DriverContext(ScheduleRunner Runner, ExplorationOptions Options, string Name, int Seed, string SeedSource, long Started);
