namespace Asynkit.Testing.Exploration;

/// <summary>The coverage labels of an exploration so far, fed schedule by schedule in schedule order.</summary>
internal sealed class CoverageTally
{
    private readonly SortedDictionary<string, CoverageLabel> _labels = new(StringComparer.Ordinal);

    /// <summary>The tally of one run (a replay, a single FIFO run).</summary>
    public static CoverageTally Of(in ScheduleRun run)
    {
        var tally = new CoverageTally();
        tally.Add(1, run.Coverage);
        return tally;
    }

    /// <summary>Adds the counts of schedule <paramref name="schedule"/> (1-based); null adds nothing.</summary>
    public void Add(int schedule, IReadOnlyDictionary<string, CoverageCount>? counts)
    {
        if (counts is null)
        {
            return;
        }

        foreach ((string label, CoverageCount count) in counts)
        {
            CoverageLabel so = _labels.TryGetValue(label, out CoverageLabel? known) ? known : new CoverageLabel(label, count.Sometimes, 0, 0, 0, null);
            bool reached = count.Hits > 0;
            _labels[label] = so with
            {
                IsSometimes = so.IsSometimes || count.Sometimes,
                Schedules = so.Schedules + (reached ? 1 : 0),
                Hits = so.Hits + count.Hits,
                Evaluations = so.Evaluations + count.Evaluations,
                FirstSchedule = so.FirstSchedule ?? (reached ? schedule : null),
            };
        }
    }

    /// <summary>Every label seen, and every label of <paramref name="declared"/> (unseen ones with zero counts), by label.</summary>
    public IReadOnlyList<CoverageLabel> Labels(IReadOnlyList<string>? declared)
    {
        var all = new SortedDictionary<string, CoverageLabel>(_labels, StringComparer.Ordinal);
        foreach (string label in declared ?? [])
        {
            all.TryAdd(label, new CoverageLabel(label, false, 0, 0, 0, null));
        }

        return [.. all.Values];
    }
}
