using System.Threading.Channels;

namespace Asynkit.Testing.Tests.Libraries;

/// <summary>System.Threading.Channels: ReadAllAsync awaits WaitToReadAsync with ConfigureAwait(false) inside the BCL, so its
/// continuation runs on the thread pool.</summary>
public sealed class ChannelsTests
{
    private static Func<Task> ProducerConsumers(bool planted) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        Channel<int> channel = Channel.CreateBounded<int>(2);
        int total = 0;
        async Task Consume()
        {
            await foreach (int item in channel.Reader.ReadAllAsync())
            {
                if (planted)
                {
                    // Planted bug: read-modify-write of the shared total with an await in between.
                    int read = total;
                    await Task.Yield();
                    total = read + item;
                }
                else
                {
                    total += item;
                    await Task.Yield();
                }
            }
        }

        LoopTask a = loop.CreateTask(Consume, "consumer-a");
        LoopTask b = loop.CreateTask(Consume, "consumer-b");
        for (int i = 1; i <= 6; i++)
        {
            await channel.Writer.WriteAsync(i);
        }

        channel.Writer.Complete();
        await Task.WhenAll(a.Task, b.Task);
        if (total != 21)
        {
            throw new InvalidOperationException($"lost an item: total is {total}, expected 21");
        }
    };

    [Fact]
    public void ReadAllAsync_TwoConsumers_IsDeterministic() => LibraryScenario.AssertDeterministic(ProducerConsumers(planted: false));

    [Fact]
    public void ReadAllAsync_PlantedLostUpdate_RaceIsFound() => LibraryScenario.AssertRaceFound(ProducerConsumers(planted: true), "lost an item");
}
