namespace Asynkit.Testing.Tests;

/// <summary>The examples of docs/scheduling.md and docs/loop.md, run as tests so they cannot rot.</summary>
public sealed class DocExamplesTests
{
    [Fact]
    public void LoopDoc_VirtualDelayInATask_Returns42()
    {
        int result = AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask<int> worker = loop.CreateTask(
                async () =>
                {
                    await Task.Delay(TimeSpan.FromHours(1), loop.Clock);
                    return 21;
                },
                name: "worker");
            return 2 * await worker;
        });

        result.ShouldBe(42);
    }

    [Fact]
    public void SchedulingDoc_ForcedInterleaving_LosesAnUpdateEveryTime()
    {
        int balance = 100;
        async Task WithdrawAsync(int amount)
        {
            int read = balance;
            await Task.Yield();
            balance = read - amount;
        }

        AsynkitLoop.Run(async () =>
        {
            LoopTask first = AsynkitLoop.Current!.CreateTask(() => WithdrawAsync(30));
            LoopTask second = AsynkitLoop.Current!.CreateTask(() => WithdrawAsync(50));
            await Scheduling.TaskSwitch(first, insertPosition: 1);
            await Scheduling.TaskSwitch(second);
            await first;
            await second;
        });

        balance.ShouldBe(50);
    }

    [Fact]
    public void SchedulingDoc_WithoutTheSwitches_NoUpdateIsLost()
    {
        int balance = 100;
        async Task WithdrawAsync(int amount)
        {
            int read = balance;
            await Task.Yield();
            balance = read - amount;
        }

        AsynkitLoop.Run(async () =>
        {
            await WithdrawAsync(30);
            await WithdrawAsync(50);
        });

        balance.ShouldBe(20);
    }
}
