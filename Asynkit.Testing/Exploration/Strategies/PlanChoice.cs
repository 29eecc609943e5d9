namespace Asynkit.Testing.Exploration;

/// <summary>One entry of a shrinking plan: for ready choices the id of the task to run (0: a plain callback) or
/// <see cref="Stay"/>/<see cref="Head"/>; for decisions the option.</summary>
internal readonly record struct PlanChoice(ChoiceKind Kind, int Target, int IndexHint)
{
    /// <summary>Keep running the task of the previous step if it is runnable (no preemption), else the head.</summary>
    public const int Stay = -1;

    /// <summary>The head of the ready queue (asyncio order).</summary>
    public const int Head = -2;

    public static PlanChoice From(in ChoiceRecord record) =>
        record.Kind == ChoiceKind.Ready ? new PlanChoice(ChoiceKind.Ready, record.OwnerId, record.Chosen) : new PlanChoice(ChoiceKind.Decision, record.Chosen, -1);
}
