namespace Asynkit.Testing.Tests.Faults;

/// <summary>A test-only exhaustive strategy: depth-first enumeration of every choice sequence (ready items and decisions alike),
/// one fresh loop per schedule. Stands in for the Explorer's strategies, through the same IScheduleStrategy seam.</summary>
internal sealed class DepthFirstStrategy : IScheduleStrategy
{
    private readonly List<(int Chosen, int Count, ChoiceKind Kind, string? Label)> _path = [];
    private int _position;

    /// <summary>The choices of the schedule that ran last, in order.</summary>
    public IReadOnlyList<int> Choices => _path.Take(_position).Select(c => c.Chosen).ToList();

    /// <summary>The decisions (fault choices) of the schedule that ran last, as "label=option".</summary>
    public IReadOnlyList<string> Decisions => _path.Take(_position).Where(c => c.Kind == ChoiceKind.Decision).Select(c => $"{c.Label}={c.Chosen}").ToList();

    public int Choose(in ChoicePoint point)
    {
        if (_position < _path.Count)
        {
            (int chosen, int count, ChoiceKind kind, _) = _path[_position];
            if (count != point.Count || kind != point.Kind)
            {
                throw new InvalidOperationException($"Non-deterministic test: choice {_position} had {count} {kind} options before, now {point.Count} {point.Kind}.");
            }

            _position++;
            return chosen;
        }

        _path.Add((0, point.Count, point.Kind, point.Label));
        _position++;
        return 0;
    }

    /// <summary>Moves to the next schedule; false when all were explored.</summary>
    public bool Advance()
    {
        _path.RemoveRange(_position, _path.Count - _position);
        _position = 0;
        while (_path.Count > 0)
        {
            (int chosen, int count, ChoiceKind kind, string? label) = _path[^1];
            if (chosen + 1 < count)
            {
                _path[^1] = (chosen + 1, count, kind, label);
                return true;
            }

            _path.RemoveAt(_path.Count - 1);
        }

        return false;
    }
}
