using System.Diagnostics;

namespace Asynkit.Testing.Exploration;

/// <summary>Looks for a smaller schedule that fails with the same exception type: fewer preemptions first, then fewer
/// non-default choices, then fewer steps.</summary>
/// <remarks>
/// Greedy and bounded in time. A schedule is handled as a plan of "which task runs" per choice point (see
/// <see cref="PlanStrategy"/>), so edits keep their meaning when the queue shifts. Moves, first improvement wins, then start
/// over: cut the tail (continuing with "stay on the running task" or "head of the queue"), drop one choice, or replace one
/// preemptive or non-default choice by "stay" or by the default. Every candidate is a real run; the accepted schedule is the
/// one the run actually took, so its token replays exactly.
/// </remarks>
internal sealed class Shrinker
{
    private const int MaxAttempts = 50_000;
    private const int MaxCutPositions = 256;

    private readonly ScheduleRunner _runner;
    private readonly ScheduleRun _found;
    private readonly Type _failureType;
    private readonly TimeSpan _timeLimit;
    private readonly Stopwatch _watch = new();
    private ScheduleRun _best;
    private int _attempts;

    /// <param name="runner">Runs the candidates.</param>
    /// <param name="found">The failing run to shrink.</param>
    /// <param name="timeLimit">How long shrinking may take.</param>
    public Shrinker(ScheduleRunner runner, ScheduleRun found, TimeSpan timeLimit)
    {
        _runner = runner;
        _found = found;
        _best = found;
        _failureType = (found.Failure ?? throw new ArgumentException("Only a failing run can be shrunk.", nameof(found))).GetType();
        _timeLimit = timeLimit;
    }

    /// <summary>The smallest failing run found so far (the found run until a smaller one fails the same way).</summary>
    public ScheduleRun Best => _best;

    public int Attempts => _attempts;

    public TimeSpan Elapsed => _watch.Elapsed;

    public bool TimedOut { get; private set; }

    /// <summary>What shrinking did: the sizes before and after, the found schedule's token, and the cost.</summary>
    public ShrinkReport Report() => new(_found.Size, _best.Size, ReplayToken.Encode(_found.Schedule), _attempts, _watch.Elapsed, TimedOut);

    public void Run()
    {
        _watch.Start();
        while (!OutOfBudget() && (TryCutTail() || TryEdits()))
        {
        }

        _watch.Stop();
    }

    private bool TryCutTail()
    {
        PlanChoice[] plan = Plan();
        int n = plan.Length;
        int stride = Math.Max(1, n / MaxCutPositions);
        for (int p = 0; p < n; p += stride)
        {
            if (Try(plan[..p], PlanChoice.Stay) || Try(plan[..p], PlanChoice.Head))
            {
                return true;
            }

            if (OutOfBudget())
            {
                return false;
            }
        }

        return false;
    }

    private bool TryEdits()
    {
        PlanChoice[] plan = Plan();
        ChoiceRecord[] choices = _best.Schedule.Choices;
        for (int j = 0; j < plan.Length; j++)
        {
            ChoiceRecord choice = choices[j];
            if (!choice.IsPreemption && choice.Chosen == 0)
            {
                continue;
            }

            PlanChoice[] dropped = [.. plan[..j], .. plan[(j + 1)..]];
            if (Try(dropped, PlanChoice.Stay))
            {
                return true;
            }

            if (choice.Kind == ChoiceKind.Ready && Try(Replace(plan, j, new PlanChoice(ChoiceKind.Ready, PlanChoice.Stay, -1)), PlanChoice.Stay))
            {
                return true;
            }

            PlanChoice byDefault = choice.Kind == ChoiceKind.Ready ? new PlanChoice(ChoiceKind.Ready, PlanChoice.Head, -1) : new PlanChoice(ChoiceKind.Decision, 0, -1);
            if (Try(Replace(plan, j, byDefault), PlanChoice.Stay))
            {
                return true;
            }

            if (OutOfBudget())
            {
                return false;
            }
        }

        return false;
    }

    private static PlanChoice[] Replace(PlanChoice[] plan, int index, PlanChoice entry)
    {
        var copy = (PlanChoice[])plan.Clone();
        copy[index] = entry;
        return copy;
    }

    private PlanChoice[] Plan()
    {
        ChoiceRecord[] choices = _best.Schedule.Choices;
        var plan = new PlanChoice[choices.Length];
        for (int i = 0; i < plan.Length; i++)
        {
            plan[i] = PlanChoice.From(choices[i]);
        }

        return plan;
    }

    private bool Try(PlanChoice[] plan, int fallback)
    {
        _attempts++;
        var candidate = new PlanStrategy(plan, fallback) { LoopRandomSeed = _found.Schedule.RandomSeed };
        candidate.Begin(0, 0);
        ScheduleRun run = _runner.Run(candidate, null);
        if (run.Failure is null || run.Failure.GetType() != _failureType || Score(run.Size).CompareTo(Score(_best.Size)) >= 0)
        {
            return false;
        }

        _best = run;
        return true;
    }

    private static (int Preemptions, int NonDefault, long Steps, int Choices) Score(ScheduleSize size) =>
        (size.Preemptions, size.NonDefaultChoices, size.Steps, size.Choices);

    private bool OutOfBudget()
    {
        if (_attempts >= MaxAttempts || _watch.Elapsed >= _timeLimit)
        {
            TimedOut = true;
            return true;
        }

        return false;
    }
}
