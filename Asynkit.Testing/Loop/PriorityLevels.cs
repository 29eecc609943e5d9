namespace Asynkit.Testing;

/// <summary>The priority part of the ready queue under <see cref="LoopOptions.PriorityScheduling"/>: one FIFO ring per priority
/// level and a sorted set of the levels that hold entries.</summary>
/// <remarks>Add and pop-best are O(1), plus O(log L) when a level appears or empties (L = distinct priorities queued); entries of
/// equal priority keep their insertion order. Positional access walks the levels (positions are list semantics, O(n) anyway).</remarks>
internal sealed class PriorityLevels
{
    private readonly Dictionary<int, ReadyQueue> _levels = [];
    private readonly SortedSet<int> _active = [];
    private ReadyQueue? _best;
    private int _bestPriority;
    private int _count;

    public int Count => _count;

    /// <summary>How many entries share the best (lowest) priority.</summary>
    public int BestCount => _best?.Count ?? 0;

    /// <summary>The entry at <paramref name="index"/> of the levels in order (best level first, FIFO within a level).</summary>
    public ref ReadyEntry this[int index]
    {
        get
        {
            foreach (int priority in _active)
            {
                ReadyQueue level = _levels[priority];
                if (index < level.Count)
                {
                    return ref level[index];
                }

                index -= level.Count;
            }

            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    public void Add(in ReadyEntry entry, int priority)
    {
        if (!_levels.TryGetValue(priority, out ReadyQueue? level))
        {
            level = new ReadyQueue();
            _levels.Add(priority, level);
        }

        level.PushBack(entry);
        _count++;
        if (level.Count == 1)
        {
            _active.Add(priority);
            if (_best is null || priority < _bestPriority)
            {
                _best = level;
                _bestPriority = priority;
            }
        }
    }

    public ReadyEntry PopBest()
    {
        ReadyQueue level = _best!;
        ReadyEntry entry = level.PopFront();
        _count--;
        if (level.Count == 0)
        {
            LevelEmptied(_bestPriority);
        }

        return entry;
    }

    public ReadyEntry RemoveAt(int index)
    {
        foreach (int priority in _active)
        {
            ReadyQueue level = _levels[priority];
            if (index < level.Count)
            {
                ReadyEntry entry = level.RemoveAt(index);
                _count--;
                if (level.Count == 0)
                {
                    LevelEmptied(priority);
                }

                return entry;
            }

            index -= level.Count;
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>Moves the entries of <paramref name="task"/> from level <paramref name="from"/> to the back of level <paramref name="to"/>.</summary>
    public void Move(LoopTask task, int from, int to)
    {
        if (from == to || !_levels.TryGetValue(from, out ReadyQueue? level) || level.Count == 0)
        {
            return;
        }

        List<ReadyEntry>? moved = null;
        for (int i = 0; i < level.Count; i++)
        {
            if (level[i].Owner == task)
            {
                (moved ??= []).Add(level.RemoveAt(i));
                i--;
            }
        }

        if (moved is null)
        {
            return;
        }

        _count -= moved.Count;
        if (level.Count == 0)
        {
            LevelEmptied(from);
        }

        foreach (ReadyEntry entry in moved)
        {
            Add(entry, to);
        }
    }

    public void Clear()
    {
        foreach (ReadyQueue level in _levels.Values)
        {
            level.Clear();
        }

        _active.Clear();
        _best = null;
        _count = 0;
    }

    private void LevelEmptied(int priority)
    {
        _active.Remove(priority);
        if (priority != _bestPriority)
        {
            return;
        }

        if (_active.Count == 0)
        {
            _best = null;
            return;
        }

        _bestPriority = _active.Min;
        _best = _levels[_bestPriority];
    }
}
