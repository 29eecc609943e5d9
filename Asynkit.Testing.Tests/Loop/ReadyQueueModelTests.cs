namespace Asynkit.Testing.Tests;

/// <summary>The plain ready queue (no priorities) against a List model: every operation, at every position, across growth and
/// with the ring wrapped, keeps Count, ChoiceCount, the order, and hands back the very entries that were queued.</summary>
public sealed class ReadyQueueModelTests
{
    private static readonly SendOrPostCallback s_noop = static _ => { };

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 3)]
    [InlineData(3, 40)]
    [InlineData(4, 40)]
    [InlineData(5, 200)]
    public void ReadyQueue_RandomOperations_MatchListModel(int seed, int typicalCount)
    {
        var queue = new ReadyQueue();
        var model = new List<ReadyEntry>();
        var random = new Random(seed);
        int next = 0;
        for (int op = 0; op < 4000; op++)
        {
            int count = model.Count;

            // Grow towards typicalCount, then hover around it: the ring wraps, grows while wrapped, and drains.
            bool add = count < typicalCount ? random.Next(3) > 0 : random.Next(3) == 0;
            switch (random.Next(add ? 3 : 4))
            {
                case 0 when add:
                {
                    ReadyEntry entry = NewEntry(next++);
                    queue.PushBack(entry);
                    model.Add(entry);
                    break;
                }

                case 1 or 2 when add:
                {
                    ReadyEntry entry = NewEntry(next++);
                    int index = random.Next(count + 1);
                    queue.Insert(index, entry);
                    model.Insert(index, entry);
                    break;
                }

                case 0 or 1 when count > 0:
                    Id(queue.PopFront()).ShouldBe(Id(model[0]), $"op {op}");
                    model.RemoveAt(0);
                    break;
                case 2 when count > 0:
                {
                    int index = random.Next(count);
                    Id(queue.RemoveAt(index)).ShouldBe(Id(model[index]), $"op {op}");
                    model.RemoveAt(index);
                    break;
                }

                case 3 when count > 0:
                {
                    int n = random.Next(-2 * count, 2 * count + 1);
                    queue.Rotate(n);
                    int steps = ((n % count) + count) % count;
                    List<ReadyEntry> rotated = [.. model.Skip(count - steps), .. model.Take(count - steps)];
                    model.Clear();
                    model.AddRange(rotated);
                    break;
                }
            }

            if (random.Next(1000) == 0)
            {
                queue.Clear();
                model.Clear();
            }

            queue.Count.ShouldBe(model.Count, $"op {op}");
            queue.ChoiceCount.ShouldBe(model.Count, $"op {op}");
            Enumerable.Range(0, queue.Count).Select(i => Id(queue[i])).ShouldBe(model.Select(Id), $"op {op}");
        }

        while (model.Count > 0)
        {
            Id(queue.PopFront()).ShouldBe(Id(model[0]));
            model.RemoveAt(0);
        }

        queue.Count.ShouldBe(0);
    }

    [Fact]
    public void ReadyQueue_Indexer_ReturnsTheStoredEntryByReference()
    {
        var queue = new ReadyQueue();
        for (int i = 0; i < 20; i++)
        {
            queue.PushBack(NewEntry(i));
        }

        queue.RemoveAt(7);
        queue[7].State = 100;

        Id(queue.RemoveAt(7)).ShouldBe(100);
        Id(queue.PopFront()).ShouldBe(0);
    }

    private static ReadyEntry NewEntry(int id) => new(s_noop, id, null, null);

    private static int Id(ReadyEntry entry) => (int)entry.State!;
}
