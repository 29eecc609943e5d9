using System.Runtime.CompilerServices;

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
/// <remarks>With <see cref="LoopOptions.PriorityScheduling"/> the ring holds only the positioned head of the queue (items put at a
/// position, as asynkit's "immediate" class) and appends go to <see cref="PriorityLevels"/>; positions count the ring first.</remarks>
internal sealed class ReadyQueue
{
    private readonly PriorityLevels? _levels;
    private ReadyEntry[] _items = new ReadyEntry[16];
    private int _head;
    private int _count;
    private int _levelCount;

    public ReadyQueue()
    {
    }

    public ReadyQueue(bool byPriority)
    {
        if (byPriority)
        {
            _levels = new PriorityLevels();
        }
    }

    public int Count => _count + _levelCount;

    /// <summary>How many items a schedule strategy may choose among: all, or under priority scheduling the positioned head and
    /// the items of the best priority.</summary>
    public int ChoiceCount => _levels is null ? _count : _count + _levels.BestCount;

    public ref ReadyEntry this[int index] => ref index < _count ? ref Slot(index) : ref _levels![index - _count];

    /// <summary>Appends (under priority scheduling: queues by the owner's effective priority, FIFO among equals).</summary>
    public void PushBack(in ReadyEntry entry)
    {
        if (_levels is not null)
        {
            _levels.Add(entry, entry.Owner?.EffectivePriority ?? TaskPriority.Normal);
            _levelCount++;
            return;
        }

        RingPushBack(entry);
    }

    /// <summary>Moves the queued entries of <paramref name="task"/> between priority levels (priority scheduling only).</summary>
    public void Reprioritize(LoopTask task, int from, int to) => _levels?.Move(task, from, to);

    private ref ReadyEntry Slot(int index) => ref _items[(_head + index) & (_items.Length - 1)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RingPushBack(in ReadyEntry entry)
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
        if (_count == 0)
        {
            _levelCount--;
            return _levels!.PopBest();
        }

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

        if (index >= _count)
        {
            _levelCount--;
            return _levels!.RemoveAt(index - _count);
        }

        ReadyEntry entry = Slot(index);
        if (index < _count / 2)
        {
            // Nearer the head: move the items before it one place back and advance the head (an explorer removes anywhere).
            for (int i = index; i > 0; i--)
            {
                Slot(i) = Slot(i - 1);
            }

            _items[_head] = default;
            _head = (_head + 1) & (_items.Length - 1);
            _count--;
            return entry;
        }

        for (int i = index; i < _count - 1; i++)
        {
            Slot(i) = Slot(i + 1);
        }

        Slot(_count - 1) = default;
        _count--;
        return entry;
    }

    /// <summary>Inserts at an index already clamped to [0, Count]. Under priority scheduling the end means "by priority", and a
    /// position inside the priority part first pins the items ahead of it into the positioned head.</summary>
    public void Insert(int index, in ReadyEntry entry)
    {
        if (_levels is not null && index >= _count)
        {
            if (index >= Count)
            {
                PushBack(entry);
                return;
            }

            while (_count < index)
            {
                _levelCount--;
                RingPushBack(_levels.PopBest());
            }
        }

        if (index == _count)
        {
            RingPushBack(entry);
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
            Slot(i) = Slot(i - 1);
        }

        Slot(index) = entry;
    }

    /// <summary>deque.rotate(n): n &gt; 0 moves items from the tail to the head, n &lt; 0 the other way.</summary>
    /// <remarks>Under priority scheduling the whole queue is pinned into the positioned head first, in its current order.</remarks>
    public void Rotate(int n)
    {
        while (_levelCount > 0)
        {
            _levelCount--;
            RingPushBack(_levels!.PopBest());
        }

        if (_count <= 1)
        {
            return;
        }

        int steps = (int)(((long)n % _count + _count) % _count);
        for (int i = 0; i < steps; i++)
        {
            ReadyEntry last = Slot(_count - 1);
            Slot(_count - 1) = default;
            _count--;
            Insert(0, last);
        }
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
        _levels?.Clear();
        _levelCount = 0;
    }

    private void Grow()
    {
        var bigger = new ReadyEntry[_items.Length * 2];
        for (int i = 0; i < _count; i++)
        {
            bigger[i] = Slot(i);
        }

        _items = bigger;
        _head = 0;
    }
}
