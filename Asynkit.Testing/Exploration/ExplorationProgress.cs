namespace Asynkit.Testing.Exploration;

/// <summary>The figures of an exploration so far, fed with schedule results in schedule order (serially, or after the parallel
/// workers are done), so that both ways report the same counts, warnings and first failure.</summary>
internal sealed class ExplorationProgress
{
    private readonly HashSet<ulong> _distinct = [];
    private readonly ScheduleWarnings _warnings = new();
    private readonly CoverageTally _coverage = new();

    public int Explored { get; private set; }

    public int Failed { get; private set; }

    public long Steps { get; private set; }

    public int Distinct => _distinct.Count;

    /// <summary>The first failure, or null.</summary>
    public FoundFailure? Found { get; private set; }

    public IReadOnlyList<string>? Warnings => _warnings.ToList();

    /// <summary>The coverage labels of the schedules so far.</summary>
    public CoverageTally Coverage => _coverage;

    /// <summary>Counts <paramref name="result"/>; a failure is kept when it is the first.</summary>
    public void Add(in ScheduleResult result)
    {
        Explored++;
        Steps += result.Steps;
        _distinct.Add(result.ChoiceHash);
        _warnings.Add(result.Index + 1, result.Warnings);
        _coverage.Add(result.Index + 1, result.Coverage);
        if (result.Outcome is { } outcome)
        {
            Failed++;
            Found ??= new FoundFailure(result.Index + 1, result.Strategy!, result.FoundAfter, outcome, result.Run);
        }
    }

    /// <summary>Counts the calibration schedule that ran before a later first schedule (it fails the exploration if it failed).</summary>
    public void AddCalibration(FoundFailure failure)
    {
        Explored = Failed = 1;
        Found = failure;
        _coverage.Add(1, failure.Run?.Coverage);
    }
}
