namespace Asynkit.Testing.Tests.Faults;

/// <summary>A test-only strategy that replays a recorded choice list (then answers 0, asyncio order and no faults).</summary>
internal sealed class ReplayStrategy(IReadOnlyList<int> choices) : IScheduleStrategy
{
    private int _next;

    public List<string> Decisions { get; } = [];

    public int Choose(in ChoicePoint point)
    {
        int chosen = _next < choices.Count ? choices[_next] : 0;
        _next++;
        if (point.Kind == ChoiceKind.Decision)
        {
            Decisions.Add($"{point.Label}={chosen}");
        }

        return chosen;
    }
}
