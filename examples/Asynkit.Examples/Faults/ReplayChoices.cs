namespace Asynkit.Examples.Faults;

using Asynkit.Testing;

/// <summary>Replays a recorded choice list (then answers 0): the same interleaving and the same fault decisions.</summary>
internal sealed class ReplayChoices(IReadOnlyList<int> choices) : IScheduleStrategy
{
    private int _next;

    public int Choose(in ChoicePoint point) => _next < choices.Count ? choices[_next++] : 0;
}
