namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    /// <summary>The number of items in the ready queue (asynkit's ready_len).</summary>
    public int ReadyCount => _ready.Count;

    /// <summary>A snapshot of the ready queue, head first; the same entry gives the same <see cref="ReadyItem"/> each time.</summary>
    public IReadOnlyList<ReadyItem> ReadyItems
    {
        get
        {
            var items = new ReadyItem[_ready.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = HandleAt(i);
            }

            return items;
        }
    }

    /// <summary>Removes and returns the item at <paramref name="position"/>, with list.pop semantics (negative counts from the end).</summary>
    /// <exception cref="InvalidOperationException">The queue is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The position is outside the queue.</exception>
    public ReadyItem ReadyPop(int position = -1)
    {
        EnsureLoopThread(nameof(ReadyPop));
        if (_ready.Count == 0)
        {
            throw new InvalidOperationException("ReadyPop: the ready queue is empty.");
        }

        int index = position < 0 ? position + _ready.Count : position;
        if ((uint)index >= (uint)_ready.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(position), position, $"ReadyPop: position must be in [{-_ready.Count}, {_ready.Count - 1}] for a queue of {_ready.Count} item(s).");
        }

        return Detach(index);
    }

    /// <summary>Inserts a previously removed item at <paramref name="position"/>, with list.insert semantics (negative counts from
    /// the end; out-of-range positions are clamped).</summary>
    /// <exception cref="ArgumentException">The item belongs to another loop.</exception>
    /// <exception cref="InvalidOperationException">The item is already queued or has already run.</exception>
    public void ReadyInsert(int position, ReadyItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        EnsureLoopThread(nameof(ReadyInsert));
        if (item.Loop != this)
        {
            throw new ArgumentException("ReadyInsert: the item belongs to another AsynkitLoop.", nameof(item));
        }

        if (item.IsQueued)
        {
            throw new InvalidOperationException($"ReadyInsert: {item} is already in the ready queue; pop it first.");
        }

        if (item.HasRun)
        {
            throw new InvalidOperationException($"ReadyInsert: {item} has already run; an item runs at most once.");
        }

        InsertEntry(position, new ReadyEntry(item.Callback, item.State, item.Task, item));
        item.IsQueued = true;
    }

    /// <summary>Rotates the queue as deque.rotate: <paramref name="n"/> &gt; 0 moves items from the tail to the head.</summary>
    public void ReadyRotate(int n)
    {
        EnsureLoopThread(nameof(ReadyRotate));
        _ready.Rotate(n);
    }

    /// <summary>Finds the first ready item of <paramref name="task"/>, optionally removing it; null when the task has none.</summary>
    public ReadyItem? ReadyFind(LoopTask task, bool remove = false)
    {
        ArgumentNullException.ThrowIfNull(task);
        EnsureLoopThread(nameof(ReadyFind));
        int index = IndexOf(task);
        if (index < 0)
        {
            return null;
        }

        return remove ? Detach(index) : HandleAt(index);
    }

    /// <summary>Appends a plain callback to the ready queue (call_soon).</summary>
    public ReadyItem CallSoon(Action callback) => CallInsert(int.MaxValue, callback);

    /// <summary>Inserts a plain callback at <paramref name="position"/> of the ready queue, with list.insert semantics (call_insert).</summary>
    public ReadyItem CallInsert(int position, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        EnsureLoopThread(nameof(CallInsert));
        var entry = new ReadyEntry(s_invokeAction, callback, null, null);
        var item = new ReadyItem(this, entry) { IsQueued = true };
        entry.Handle = item;
        InsertEntry(position, entry);
        return item;
    }

    /// <summary>Runs <paramref name="callback"/> after <paramref name="delay"/> of virtual time (call_later); dispose the timer to cancel.</summary>
    public ITimer CallLater(TimeSpan delay, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return Clock.CreateTimer(static state => ((Action)state!)(), callback, delay, Timeout.InfiniteTimeSpan);
    }

    internal int IndexOf(LoopTask task)
    {
        if (task.ReadyRefs == 0)
        {
            return -1;
        }

        for (int i = 0; i < _ready.Count; i++)
        {
            if (_ready[i].Owner == task)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Moves the entry at <paramref name="index"/> to <paramref name="position"/> (list.insert semantics, after removal).</summary>
    internal void Move(int index, int position)
    {
        ReadyEntry entry = _ready.RemoveAt(index);
        _ready.Insert(ClampInsert(position), entry);
    }

    internal IEnumerable<Task> ScheduledTasksOf(SendOrPostCallback execute)
    {
        var tasks = new List<Task>();
        for (int i = 0; i < _ready.Count; i++)
        {
            if (_ready[i].Callback == execute && _ready[i].State is Task task)
            {
                tasks.Add(task);
            }
        }

        return tasks;
    }

    /// <summary>Takes the ready item that would run <paramref name="task"/> (queued by the loop's TaskScheduler) out of the queue.</summary>
    internal bool TryDequeueScheduled(SendOrPostCallback execute, Task task)
    {
        for (int i = 0; i < _ready.Count; i++)
        {
            if (_ready[i].Callback == execute && _ready[i].State == task)
            {
                ReadyEntry entry = _ready.RemoveAt(i);
                if (entry.Owner is { } owner)
                {
                    owner.ReadyRefs--;
                }

                if (entry.Handle is { } handle)
                {
                    handle.IsQueued = false;
                }

                return true;
            }
        }

        return false;
    }

    private void InsertEntry(int position, in ReadyEntry entry)
    {
        _ready.Insert(ClampInsert(position), entry);
        if (entry.Owner is { } owner)
        {
            owner.ReadyRefs++;
        }
    }

    private int ClampInsert(int position)
    {
        int count = _ready.Count;
        if (position < 0)
        {
            position = Math.Max(0, count + position);
        }

        return Math.Min(position, count);
    }

    private ReadyItem HandleAt(int index)
    {
        ref ReadyEntry entry = ref _ready[index];
        return entry.Handle ??= new ReadyItem(this, entry) { IsQueued = true };
    }

    private ReadyItem Detach(int index)
    {
        ReadyItem item = HandleAt(index);
        ReadyEntry entry = _ready.RemoveAt(index);
        if (entry.Owner is { } owner)
        {
            owner.ReadyRefs--;
        }

        item.IsQueued = false;
        return item;
    }
}
