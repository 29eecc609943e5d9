namespace Asynkit.Testing.Exploration;

/// <summary>One choice a schedule made: what kind, among how many options, which one, and (for ready items) whose item ran.</summary>
/// <param name="Kind">Ready-queue choice or decision.</param>
/// <param name="Count">How many options there were (at least 2).</param>
/// <param name="Chosen">The option taken (0 is the default: the queue's head, or "no fault").</param>
/// <param name="OwnerId">For <see cref="ChoiceKind.Ready"/>, the id of the task whose item ran (0 for a plain callback); -1 for decisions.</param>
/// <param name="IsPreemption">True when this ready choice switched away from a task that was still runnable.</param>
internal readonly record struct ChoiceRecord(ChoiceKind Kind, int Count, int Chosen, int OwnerId, bool IsPreemption = false);
