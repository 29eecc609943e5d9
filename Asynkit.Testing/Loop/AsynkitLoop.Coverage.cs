namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    /// <summary>The coverage labels this run evaluated, or null when it evaluated none (no allocation until the first).</summary>
    private Dictionary<string, CoverageCount>? _coverage;

    /// <summary>The coverage labels this run evaluated, by label; null when none.</summary>
    internal IReadOnlyDictionary<string, CoverageCount>? CoverageCounts => _coverage;

    /// <summary>Counts one evaluation of <paramref name="label"/> (<see cref="Coverage"/>); on the loop's thread or in one of its turns.</summary>
    internal void RecordCoverage(string label, bool sometimes, bool hit)
    {
        _coverage ??= new Dictionary<string, CoverageCount>(StringComparer.Ordinal);
        if (_coverage.TryGetValue(label, out CoverageCount count) && count.Sometimes != sometimes)
        {
            throw new InvalidOperationException($"Coverage label '{label}' is used with both Coverage.Reached and Coverage.Sometimes: give each its own label.");
        }

        _coverage[label] = new CoverageCount(sometimes, count.Hits + (hit ? 1 : 0), count.Evaluations + 1);
    }
}
