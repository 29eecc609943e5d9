namespace Asynkit.Testing;

/// <summary>Coverage labels: what the runs reached, collected over every schedule of an exploration and reported with its
/// result (<c>ExplorationResult.Coverage</c>), its text and its HTML report.</summary>
/// <remarks>
/// <para>A test that explores 10,000 schedules and never reaches the branch it exists for proves nothing: mark the branch with
/// <see cref="Reached"/>, or the state with <see cref="Sometimes"/>, and ask the exploration to fail when a label was never
/// reached (<c>ExplorationOptions.RequireCoverage</c>, or <c>RequireCoverage = true</c> on the test attributes).</para>
/// <para>Outside a running loop both calls do nothing, so they can stay in code that also runs in production.</para>
/// </remarks>
public static class Coverage
{
    /// <summary>Records that the run reached <paramref name="label"/>.</summary>
    /// <param name="label">What was reached ("retry after timeout"); the same label in every schedule.</param>
    /// <exception cref="ArgumentException"><paramref name="label"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The label was used with <see cref="Sometimes"/> in this run.</exception>
    public static void Reached(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        AsynkitLoop.Current?.RecordCoverage(label, sometimes: false, hit: true);
    }

    /// <summary>Records that the run evaluated <paramref name="label"/>, and reached it when <paramref name="condition"/> holds:
    /// an assertion that is meant to hold sometimes, in some schedule, not always.</summary>
    /// <param name="label">What should sometimes hold ("both workers waited at once").</param>
    /// <param name="condition">Whether it holds now.</param>
    /// <returns><paramref name="condition"/>, so the call fits inside an if.</returns>
    /// <exception cref="ArgumentException"><paramref name="label"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The label was used with <see cref="Reached"/> in this run.</exception>
    public static bool Sometimes(string label, bool condition)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        AsynkitLoop.Current?.RecordCoverage(label, sometimes: true, hit: condition);
        return condition;
    }
}
