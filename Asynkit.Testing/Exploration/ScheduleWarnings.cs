using System.Globalization;

namespace Asynkit.Testing.Exploration;

/// <summary>The warnings of an exploration's schedules, each text once, with the first schedule that noted it and how many did.</summary>
/// <remarks>Schedules are added in schedule order, so the list is the same however the schedules were run.</remarks>
internal sealed class ScheduleWarnings
{
    /// <summary>The most distinct warnings kept; later ones are counted only.</summary>
    public const int MaxDistinct = 20;

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<(string Text, int First, int Count)> _seen = [];
    private int _dropped;

    /// <summary>Notes the warnings of schedule <paramref name="schedule"/> (1-based).</summary>
    public void Add(int schedule, IReadOnlyList<string>? warnings)
    {
        if (warnings is null)
        {
            return;
        }

        foreach (string warning in warnings)
        {
            if (_index.TryGetValue(warning, out int at))
            {
                _seen[at] = _seen[at] with { Count = _seen[at].Count + 1 };
            }
            else if (_seen.Count < MaxDistinct)
            {
                _index[warning] = _seen.Count;
                _seen.Add((warning, schedule, 1));
            }
            else
            {
                _dropped++;
            }
        }
    }

    /// <summary>"text (schedule 3 and 41 more)" per distinct warning, or null when there was none.</summary>
    public IReadOnlyList<string>? ToList()
    {
        if (_seen.Count == 0)
        {
            return null;
        }

        var list = new List<string>(_seen.Count + 1);
        foreach ((string text, int first, int count) in _seen)
        {
            list.Add(string.Create(CultureInfo.InvariantCulture, $"{text} (schedule {first:N0}{(count > 1 ? $" and {count - 1:N0} more" : "")})"));
        }

        if (_dropped > 0)
        {
            list.Add(string.Create(CultureInfo.InvariantCulture, $"{_dropped:N0} more warning(s) of other kinds were not kept"));
        }

        return list;
    }
}
