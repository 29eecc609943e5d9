using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class ReplayBudgetTests
{
    /// <summary>A format-1 token recorded before budgets were: it must keep decoding, to the same schedule.</summary>
    private const string OldToken = "ak1_AAcEBAEBBAACBAADBAEDb2TnBw";

    [Fact]
    public void Replay_LivelockFoundUnderASmallerStepBudget_ReproducesWithNoOtherOptions()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Pct, Iterations = 200, Seed = 3, MaxSteps = 2_000, Shrink = false };
        ExplorationResult found = Explorer.Explore(FairnessPrograms.ScheduleDependentLivelock(), options);
        found.Failure.ShouldBeOfType<LoopBudgetExceededException>();

        ExplorationResult replayed = Explorer.Replay(FairnessPrograms.ScheduleDependentLivelock(), found.ReplayToken!);

        replayed.Failure.ShouldBeOfType<LoopBudgetExceededException>().Message.ShouldContain("MaxSteps (2,000 steps)");
        replayed.Warnings.ShouldBeEmpty();
        replayed.TotalSteps.ShouldBe(2_000);
    }

    [Fact]
    public void Replay_RunawayClockFoundUnderAVirtualTimeBudget_ReproducesWithNoOtherOptions()
    {
        static Func<Task> Ticker() => async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            LoopTask other = loop.CreateTask(() => Task.Delay(TimeSpan.FromSeconds(1), loop.Clock), "other");
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), loop.Clock);
            }
        };
        var options = new ExplorationOptions { Iterations = 1, Shrink = false, LoopOptions = new LoopOptions { MaxVirtualTime = TimeSpan.FromMinutes(1) } };
        ExplorationResult found = Explorer.Explore(Ticker(), options);
        found.Failure.ShouldBeOfType<LoopBudgetExceededException>().Message.ShouldContain("MaxVirtualTime (00:01:00)");

        ExplorationResult replayed = Explorer.Replay(Ticker(), found.ReplayToken!);

        replayed.Failure.ShouldBeOfType<LoopBudgetExceededException>().Message.ShouldContain("MaxVirtualTime (00:01:00)");
        replayed.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Decode_TokenOfTheFormatBeforeBudgets_StillDecodesAndEncodesTheSame()
    {
        RecordedSchedule schedule = ReplayToken.Decode(OldToken);

        schedule.Budgets.ShouldBe(default);
        schedule.Choices.Length.ShouldBeGreaterThan(0);
        ReplayToken.Encode(schedule).ShouldBe(OldToken);
    }

    [Fact]
    public void Encode_DefaultBudgets_AddNothingToTheToken()
    {
        ChoiceRecord[] choices = [new(ChoiceKind.Ready, 2, 1, 3)];
        var defaults = new ScheduleBudgets(ScheduleBudgets.DefaultMaxSteps, ScheduleBudgets.DefaultMaxVirtualTime);

        ReplayToken.Encode(new RecordedSchedule(choices, 7) { Budgets = defaults }).ShouldBe(ReplayToken.Encode(new RecordedSchedule(choices, 7)));
    }

    [Theory]
    [InlineData(2_000L, 0L)]
    [InlineData(0L, 600_000_000L)]
    [InlineData(10_000_000L, -1L)]
    public void Encode_RoundTrip_KeepsTheBudgetsThatDiffer(long maxSteps, long virtualTicks)
    {
        ChoiceRecord[] choices = [new(ChoiceKind.Ready, 2, 1, 3), new(ChoiceKind.Decision, 3, 2, -1)];
        TimeSpan time = virtualTicks < 0 ? Timeout.InfiniteTimeSpan : virtualTicks == 0 ? ScheduleBudgets.DefaultMaxVirtualTime : TimeSpan.FromTicks(virtualTicks);
        var budgets = new ScheduleBudgets(maxSteps, time);

        RecordedSchedule decoded = ReplayToken.Decode(ReplayToken.Encode(new RecordedSchedule(choices, 99) { Budgets = budgets }));

        decoded.Choices.ShouldBe(choices);
        decoded.Steps.ShouldBe(99);
        decoded.Budgets.MaxSteps.ShouldBe(maxSteps == ScheduleBudgets.DefaultMaxSteps ? null : maxSteps);
        decoded.Budgets.MaxVirtualTime.ShouldBe(time == ScheduleBudgets.DefaultMaxVirtualTime ? null : time);
    }
}
