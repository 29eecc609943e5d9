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
/// <remarks>
/// <para>The ring holds slot numbers, not entries: an entry stays in its slot from the moment it is queued until it is taken,
/// so that removing or inserting in the middle (an explorer removes anywhere, at every step) shifts small integers instead of
/// entries whose every reference field costs a GC write barrier when moved. Free slots are kept on a stack, so the slot
/// written next is the one freed last, still in the cache.</para>
/// <para>With <see cref="LoopOptions.PriorityScheduling"/> the ring holds only the positioned head of the queue (items put at a
/// position, as asynkit's "immediate" class) and appends go to <see cref="PriorityLevels"/>; positions count the ring first.</para>
/// </remarks>
internal sealed class ReadyQueue
{
    private const int InitialCapacity = 16;

    private readonly PriorityLevels? _levels;
    private ReadyEntry[] _slots = new ReadyEntry[InitialCapacity];
    private int[] _order = new int[InitialCapacity];
    private int[] _free = new int[InitialCapacity];
    private int _freeCount;
    private int _head;
    private int _count;
    private int _levelCount;

    public ReadyQueue()
    {
        _freeCount = FillFree(_free, 0);
    }

    public ReadyQueue(bool byPriority)
        : this()
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

    public ref ReadyEntry this[int index] => ref index < _count ? ref _slots[SlotAt(index)] : ref _levels![index - _count];

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

    /// <summary>The slot of ring position <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotAt(int index) => _order[(_head + index) & (_order.Length - 1)];

    /// <summary>Puts <paramref name="entry"/> in a free slot (the ring must have room) and returns the slot's number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Store(in ReadyEntry entry)
    {
        int slot = _free[--_freeCount];
        _slots[slot] = entry;
        return slot;
    }

    /// <summary>Takes the entry out of <paramref name="slot"/> and frees the slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadyEntry Take(int slot)
    {
        ref ReadyEntry stored = ref _slots[slot];
        ReadyEntry entry = stored;
        stored = default;
        _free[_freeCount++] = slot;
        return entry;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RingPushBack(in ReadyEntry entry)
    {
        if (_count == _order.Length)
        {
            Grow();
        }

        _order[(_head + _count) & (_order.Length - 1)] = Store(entry);
        _count++;
    }

    public ReadyEntry PopFront()
    {
        if (_count == 0)
        {
            _levelCount--;
            return _levels!.PopBest();
        }

        int slot = _order[_head];
        _head = (_head + 1) & (_order.Length - 1);
        _count--;
        return Take(slot);
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

        int[] order = _order;
        int mask = order.Length - 1;
        int slot = order[(_head + index) & mask];
        if (index < _count / 2)
        {
            // Nearer the head: move the slot numbers before it one place back and advance the head.
            for (int i = index; i > 0; i--)
            {
                order[(_head + i) & mask] = order[(_head + i - 1) & mask];
            }

            _head = (_head + 1) & mask;
        }
        else
        {
            for (int i = index; i < _count - 1; i++)
            {
                order[(_head + i) & mask] = order[(_head + i + 1) & mask];
            }
        }

        _count--;
        return Take(slot);
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

        if (_count == _order.Length)
        {
            Grow();
        }

        int[] order = _order;
        int mask = order.Length - 1;
        int slot = Store(entry);
        if (index == 0)
        {
            _head = (_head - 1) & mask;
            order[_head] = slot;
            _count++;
            return;
        }

        _count++;
        for (int i = _count - 1; i > index; i--)
        {
            order[(_head + i) & mask] = order[(_head + i - 1) & mask];
        }

        order[(_head + index) & mask] = slot;
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
        int mask = _order.Length - 1;
        for (int i = 0; i < steps; i++)
        {
            // The tail's slot number becomes the head's: entries stay where they are.
            int last = _order[(_head + _count - 1) & mask];
            _head = (_head - 1) & mask;
            _order[_head] = last;
        }
    }

    public void Clear()
    {
        Array.Clear(_slots);
        _freeCount = FillFree(_free, 0);
        _head = 0;
        _count = 0;
        _levels?.Clear();
        _levelCount = 0;
    }

    /// <summary>Fills <paramref name="free"/> with the slot numbers from <paramref name="from"/> up, the lowest on top; returns how many.</summary>
    private static int FillFree(int[] free, int from)
    {
        int count = free.Length - from;
        for (int i = 0; i < count; i++)
        {
            free[i] = free.Length - 1 - i;
        }

        return count;
    }

    private void Grow()
    {
        // Only when every slot is in the ring: the entries keep their slots, the ring is unrolled from 0, the new slots are free.
        int capacity = _order.Length * 2;
        var slots = new ReadyEntry[capacity];
        Array.Copy(_slots, slots, _slots.Length);
        var order = new int[capacity];
        for (int i = 0; i < _count; i++)
        {
            order[i] = SlotAt(i);
        }

        _slots = slots;
        _order = order;
        _free = new int[capacity];
        _freeCount = FillFree(_free, _count);
        _head = 0;
    }
}
