using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Exploration;

public sealed class ReplayTokenTests
{
    [Theory]
    [InlineData(StrategyKind.Random)]
    [InlineData(StrategyKind.Pct)]
    [InlineData(StrategyKind.Portfolio)]
    public void Explore_SameSeedTwice_GivesIdenticalTokensAndTraces(StrategyKind strategy)
    {
        var options = new ExplorationOptions { Strategy = strategy, Iterations = 500, Seed = 77 };

        ExplorationResult first = Explorer.Explore(ExplorationPrograms.CriticalSection(), options);
        ExplorationResult second = Explorer.Explore(ExplorationPrograms.CriticalSection(), options);

        first.Failed.ShouldBeTrue();
        second.FailingIteration.ShouldBe(first.FailingIteration);
        second.ReplayToken.ShouldBe(first.ReplayToken);
        second.Shrinking!.OriginalReplayToken.ShouldBe(first.Shrinking!.OriginalReplayToken);
        second.Trace.ShouldBe(first.Trace);
    }

    [Fact]
    public void Explore_DifferentSeeds_ExploreDifferentSchedules()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 1, FirstSchedule = 2 };
        var tokens = new HashSet<string>();
        for (int seed = 0; seed < 10; seed++)
        {
            ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(yieldsBetween: 3), options with { Seed = seed, Shrink = false });
            if (result.ReplayToken is { } token)
            {
                tokens.Add(token);
            }
        }

        tokens.Count.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Explore_FirstSchedule_RerunsOneScheduleAlone()
    {
        var options = new ExplorationOptions { Strategy = StrategyKind.Portfolio, Iterations = 500, Seed = 123, Shrink = false };
        ExplorationResult full = Explorer.Explore(ExplorationPrograms.RunToCompletion(), options);
        full.FailingIteration.ShouldNotBeNull().ShouldBeGreaterThan(2);

        ExplorationResult alone = Explorer.Explore(ExplorationPrograms.RunToCompletion(), options with { FirstSchedule = full.FailingIteration!.Value, Iterations = 1 });

        alone.SchedulesExplored.ShouldBe(1);
        alone.FailingIteration.ShouldBe(full.FailingIteration);
        alone.ReplayToken.ShouldBe(full.ReplayToken);
    }

    [Fact]
    public void Replay_ChangedProgram_ReportsDivergenceWithTheStep()
    {
        ExplorationResult found = Explorer.Explore(ExplorationPrograms.LostUpdate(yieldsBetween: 1), new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = 100, Seed = 1 });
        found.Failed.ShouldBeTrue();

        ScheduleDivergedException diverged = Should.Throw<ScheduleDivergedException>(() => StrictReplay(ExplorationPrograms.LostUpdate(fixedTwin: true, yieldsBetween: 1), found.ReplayToken!));

        diverged.Message.ShouldStartWith("schedule diverged at step ");
        diverged.Step.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Replay_ProgramWithAnotherTask_SaysWhichChoiceNoLongerMatches()
    {
        string token = RecordToken(ExplorationPrograms.Interleavings(3, 1));

        ScheduleDivergedException diverged = Should.Throw<ScheduleDivergedException>(() => StrictReplay(ExplorationPrograms.Interleavings(2, 1), token));

        diverged.Message.ShouldStartWith("schedule diverged at step 2: expected a choice among 3 ready items, recorded index");
        diverged.Message.ShouldContain("but 2 are offered now");
        diverged.Step.ShouldBe(2);
    }

    [Fact]
    public void Replay_ProgramWithFewerChoices_Diverges()
    {
        string token = RecordToken(ExplorationPrograms.Interleavings(2, 3));

        Should.Throw<ScheduleDivergedException>(() => StrictReplay(ExplorationPrograms.Interleavings(2, 1), token))
            .Message.ShouldStartWith("schedule diverged at step");
    }

    [Fact]
    public void Replay_ProgramWithMoreChoices_Diverges()
    {
        string token = RecordToken(ExplorationPrograms.Interleavings(2, 1));

        Should.Throw<ScheduleDivergedException>(() => StrictReplay(ExplorationPrograms.Interleavings(2, 3), token))
            .Message.ShouldContain("schedule diverged at step");
    }

    [Fact]
    public void Replay_ExploreWithReplayOption_RunsThatSchedule()
    {
        ExplorationResult found = Explorer.Explore(ExplorationPrograms.LostUpdate(yieldsBetween: 2), new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 2, Iterations = 100 });

        ExplorationResult replayed = Explorer.Explore(ExplorationPrograms.LostUpdate(yieldsBetween: 2), new ExplorationOptions { Replay = found.ReplayToken });

        replayed.SchedulesExplored.ShouldBe(1);
        replayed.Failure.ShouldBeOfType<InvalidOperationException>().Message.ShouldBe(found.Failure!.Message);
    }

    [Fact]
    public void Replay_TokenWithSurroundingWhitespace_IsAccepted()
    {
        string token = RecordToken(ExplorationPrograms.Interleavings(2, 2));

        Explorer.Replay(ExplorationPrograms.Interleavings(2, 2), $"  {token}\n").Failed.ShouldBeFalse();
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("hello", "must start with 'ak1_'")]
    [InlineData("ak2_AAAAAAAAAAAA", "format version 2")]
    [InlineData("ak1_AB", "too short")]
    [InlineData("ak1_AAAAAAAAAAAAB", "not a whole base64url text")]
    [InlineData("ak1_AAAA!AAAAAAA", "'!' at position 8")]
    public void Replay_MalformedToken_ThrowsFormatExceptionSayingWhatIsWrong(string token, string expected)
    {
        Should.Throw<FormatException>(() => Explorer.Replay(ExplorationPrograms.Interleavings(2, 1), token)).Message.ShouldContain(expected);
    }

    [Fact]
    public void Replay_EditedToken_FailsTheChecksum()
    {
        string token = RecordToken(ExplorationPrograms.Interleavings(2, 3));
        char[] chars = token.ToCharArray();
        chars[6] = chars[6] == 'A' ? 'B' : 'A';

        Should.Throw<FormatException>(() => Explorer.Replay(ExplorationPrograms.Interleavings(2, 3), new string(chars))).Message.ShouldContain("checksum");
    }

    [Fact]
    public void Replay_TruncatedToken_IsRejected()
    {
        string token = RecordToken(ExplorationPrograms.Interleavings(2, 3));

        Should.Throw<FormatException>(() => Explorer.Replay(ExplorationPrograms.Interleavings(2, 3), token[..^3]));
    }

    [Fact]
    public void Replay_NullToken_ThrowsArgumentNullException()
    {
        Should.Throw<ArgumentNullException>(() => Explorer.Replay(ExplorationPrograms.Interleavings(2, 1), null!));
    }

    [Fact]
    public void Encode_RoundTrip_KeepsEveryChoice()
    {
        ChoiceRecord[] choices =
        [
            new(ChoiceKind.Ready, 2, 1, 3),
            new(ChoiceKind.Decision, 3, 2, -1),
            new(ChoiceKind.Ready, 300, 299, 1000),
            new(ChoiceKind.Ready, 2, 0, 0),
        ];

        RecordedSchedule decoded = ReplayToken.Decode(ReplayToken.Encode(new RecordedSchedule(choices, 12345)));

        decoded.Steps.ShouldBe(12345);
        decoded.Choices.ShouldBe(choices);
    }

    [Fact]
    public void Encode_LongSchedule_IsCompressed()
    {
        var choices = new ChoiceRecord[2000];
        for (int i = 0; i < choices.Length; i++)
        {
            choices[i] = new ChoiceRecord(ChoiceKind.Ready, 2, i % 2, 2 + (i % 2));
        }

        string token = ReplayToken.Encode(new RecordedSchedule(choices, 4000));

        token.Length.ShouldBeLessThan(200);
        ReplayToken.Decode(token).Choices.ShouldBe(choices);
    }

    [Fact]
    public void Explore_TinySchedule_HasAShortToken()
    {
        ExplorationResult result = Explorer.Explore(ExplorationPrograms.LostUpdate(), new ExplorationOptions { Strategy = StrategyKind.Fifo, Shrink = false });

        result.ReplayToken!.Length.ShouldBeLessThan(40);
    }

    private static string RecordToken(Func<Task> test)
    {
        // Run one random schedule through a failing wrapper, so the explorer hands out its token.
        ExplorationResult result = Explorer.Explore(
            async () =>
            {
                await test();
                throw new InvalidOperationException("record this schedule");
            },
            new ExplorationOptions { Strategy = StrategyKind.Random, Seed = 5, Iterations = 1, Shrink = false });
        return result.ReplayToken!;
    }

    private static ExplorationResult StrictReplay(Func<Task> test, string token) =>
        Explorer.Explore(test, new ExplorationOptions { Replay = token, StrictReplay = true });
}
