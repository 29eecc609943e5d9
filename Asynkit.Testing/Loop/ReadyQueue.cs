namespace Asynkit.Testing;

/// <summary>One entry of the ready queue: a callback, its state, the task it belongs to, and its public handle if any.</summary>
internal struct ReadyEntry
{
    public SendOrPostCallback Callback;
    public object? State;
    public LoopTask? Owner;
    public ReadyItem? Handle;

    public ReadyEntry(SendOrPostCallback callback, object? state, LoopTask? owner, ReadyItem? handle)
    {
        Callback = callback;
        State = state;
        Owner = owner;
        Handle = handle;
    }
}

/// <summary>A growable ring buffer of entries with Python list/deque operations; no allocation in steady state.</summary>
internal sealed class ReadyQueue
{
    private ReadyEntry[] _items = new ReadyEntry[16];
    private int _head;
    private int _count;

    public int Count => _count;

    public ref ReadyEntry this[int index] => ref _items[(_head + index) & (_items.Length - 1)];

    public void PushBack(in ReadyEntry entry)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) & (_items.Length - 1)] = entry;
        _count++;
    }

    public ReadyEntry PopFront()
    {
        ref ReadyEntry slot = ref _items[_head];
        ReadyEntry entry = slot;
        slot = default;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        return entry;
    }

    public ReadyEntry RemoveAt(int index)
    {
        if (index == 0)
        {
            return PopFront();
        }

        ReadyEntry entry = this[index];
        for (int i = index; i < _count - 1; i++)
        {
            this[i] = this[i + 1];
        }

        this[_count - 1] = default;
        _count--;
        return entry;
    }

    /// <summary>Inserts at an index already clamped to [0, Count].</summary>
    public void Insert(int index, in ReadyEntry entry)
    {
        if (index == _count)
        {
            PushBack(entry);
            return;
        }

        if (_count == _items.Length)
        {
            Grow();
        }

        if (index == 0)
        {
            _head = (_head - 1) & (_items.Length - 1);
            _items[_head] = entry;
            _count++;
            return;
        }

        _count++;
        for (int i = _count - 1; i > index; i--)
        {
            this[i] = this[i - 1];
        }

        this[index] = entry;
    }

    /// <summary>deque.rotate(n): n &gt; 0 moves items from the tail to the head, n &lt; 0 the other way.</summary>
    public void Rotate(int n)
    {
        if (_count <= 1)
        {
            return;
        }

        int steps = (int)(((long)n % _count + _count) % _count);
        for (int i = 0; i < steps; i++)
        {
            ReadyEntry last = this[_count - 1];
            this[_count - 1] = default;
            _count--;
            Insert(0, last);
        }
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        var bigger = new ReadyEntry[_items.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            bigger[i] = this[i];
        }

        _items = bigger;
        _head = 0;
    }
}
