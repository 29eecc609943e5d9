namespace Asynkit.Testing.Tests;

/// <summary>The priority ready queue (ReadyQueue + PriorityLevels) against a plain list model: every operation, at every
/// position, keeps Count, ChoiceCount and the order (positioned head, then by priority, FIFO within a priority).</summary>
public sealed class PriorityReadyQueueModelTests
{
    private static readonly SendOrPostCallback s_noop = static _ => { };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void ReadyQueue_RandomOperations_MatchListModel(int seed)
    {
        AsynkitLoop.Run(() =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var tasks = Enumerable.Range(0, 5).Select(i => new LoopTask(loop, 1000 + i, $"t{i}", () => Task.CompletedTask, null)).ToArray();
            int[] priorities = [-10, 0, 3, 10, 0];
            for (int i = 0; i < tasks.Length; i++)
            {
                tasks[i].EffectivePriority = priorities[i];
            }

            var queue = new ReadyQueue(byPriority: true);
            var model = new Model();
            var random = new Random(seed);
            int next = 0;
            for (int op = 0; op < 3000; op++)
            {
                int kind = random.Next(10);
                int count = model.Count;
                switch (kind)
                {
                    case 0 or 1 or 2:
                    {
                        ReadyEntry entry = NewEntry(tasks, random, next++);
                        queue.PushBack(entry);
                        model.PushBack(entry);
                        break;
                    }

                    case 3 when count > 0:
                        Id(queue.PopFront()).ShouldBe(model.RemoveAt(0));
                        break;
                    case 4 when count > 0:
                    {
                        int index = random.Next(count);
                        Id(queue.RemoveAt(index)).ShouldBe(model.RemoveAt(index));
                        break;
                    }

                    case 5 or 6:
                    {
                        ReadyEntry entry = NewEntry(tasks, random, next++);
                        int index = random.Next(count + 1);
                        queue.Insert(index, entry);
                        model.Insert(index, entry);
                        break;
                    }

                    case 7 when random.Next(4) == 0:
                    {
                        int n = random.Next(-7, 8);
                        queue.Rotate(n);
                        model.Rotate(n);
                        break;
                    }

                    case 8:
                    {
                        LoopTask task = tasks[random.Next(tasks.Length)];
                        int from = task.EffectivePriority;
                        int to = priorities[random.Next(priorities.Length)] + random.Next(-1, 2);
                        task.EffectivePriority = to;
                        queue.Reprioritize(task, from, to);
                        model.Reprioritize(task, from, to);
                        break;
                    }

                    case 9 when random.Next(50) == 0:
                        queue.Clear();
                        model.Clear();
                        break;
                }

                queue.Count.ShouldBe(model.Count, $"op {op}");
                queue.ChoiceCount.ShouldBe(model.ChoiceCount, $"op {op}");
                List<int> expected = model.Order().Select(Id).ToList();
                Enumerable.Range(0, queue.Count).Select(i => Id(queue[i])).ShouldBe(expected, $"op {op}");
            }

            return Task.CompletedTask;
        });
    }

    private static ReadyEntry NewEntry(LoopTask[] tasks, Random random, int id)
    {
        int which = random.Next(tasks.Length + 1);
        return new ReadyEntry(s_noop, id, which == tasks.Length ? null : tasks[which], null);
    }

    private static int Id(ReadyEntry entry) => (int)entry.State!;

    /// <summary>The documented semantics, with lists: a positioned head, then (priority, arrival) order.</summary>
    private sealed class Model
    {
        private readonly List<ReadyEntry> _head = [];
        private readonly List<(int Priority, ReadyEntry Entry)> _levels = [];

        public int Count => _head.Count + _levels.Count;

        public int ChoiceCount => _head.Count + (_levels.Count == 0 ? 0 : _levels.Count(l => l.Priority == _levels.Min(m => m.Priority)));

        public List<ReadyEntry> Order() => [.. _head, .. _levels.OrderBy(l => l.Priority).Select(l => l.Entry)];

        public void PushBack(ReadyEntry entry) => _levels.Add((entry.Owner?.EffectivePriority ?? 0, entry));

        public int RemoveAt(int index)
        {
            ReadyEntry entry = Order()[index];
            if (index < _head.Count)
            {
                _head.RemoveAt(index);
            }
            else
            {
                _levels.RemoveAt(_levels.FindIndex(l => ReferenceEquals(l.Entry.State, entry.State)));
            }

            return Id(entry);
        }

        public void Insert(int index, ReadyEntry entry)
        {
            if (index >= Count)
            {
                PushBack(entry);
                return;
            }

            while (_head.Count < index)
            {
                ReadyEntry first = Order()[_head.Count];
                RemoveAt(_head.Count);
                _head.Add(first);
            }

            _head.Insert(index, entry);
        }

        public void Rotate(int n)
        {
            List<ReadyEntry> all = Order();
            _head.Clear();
            _levels.Clear();
            if (all.Count > 0)
            {
                int steps = ((n % all.Count) + all.Count) % all.Count;
                all = [.. all.Skip(all.Count - steps), .. all.Take(all.Count - steps)];
            }

            _head.AddRange(all);
        }

        public void Reprioritize(LoopTask task, int from, int to)
        {
            if (from == to)
            {
                return;
            }

            var moved = _levels.Where(l => l.Priority == from && l.Entry.Owner == task).ToList();
            _levels.RemoveAll(l => l.Priority == from && l.Entry.Owner == task);
            _levels.AddRange(moved.Select(l => (to, l.Entry)));
        }

        public void Clear()
        {
            _head.Clear();
            _levels.Clear();
        }
    }
}
