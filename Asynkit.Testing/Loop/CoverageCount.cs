namespace Asynkit.Testing;

/// <summary>One coverage label's counts in one run: how often it was evaluated and how often it held.</summary>
/// <param name="Sometimes">True for a <see cref="Coverage.Sometimes"/> label, false for <see cref="Coverage.Reached"/>.</param>
/// <param name="Hits">How often it was reached (held).</param>
/// <param name="Evaluations">How often it was evaluated (for <see cref="Coverage.Reached"/>, equal to <paramref name="Hits"/>).</param>
internal readonly record struct CoverageCount(bool Sometimes, int Hits, int Evaluations);
