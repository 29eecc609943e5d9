using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests;

public sealed class StepInvariantTests
{
    [Fact]
    public void AddInvariant_BrokenByOneStepAndRestoredByTheNext_FailsAfterTheBreakingStep()
    {
        var account = new TwoBins();

        var error = Should.Throw<StepInvariantException>(() => AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            loop.AddInvariant("total is 10", () => account.Total == 10);
            LoopTask mover = loop.CreateTask(account.MoveAsync, "mover");
            await mover;
        }));

        // Step 1 is main, step 2 the mover's first step, which debits and awaits; step 3 credits again.
        error.Step.ShouldBe(2);
        error.Invariant.ShouldBe("total is 10");
        error.Message.ShouldStartWith("Invariant 'total is 10' broken after step 2 (virtual time 00:00:00), a step of task 'mover' (#2), now suspended at TwoBins.MoveAsync (StepInvariantTests.cs:");
        account.Total.ShouldBe(9, "the run stopped right after the breaking step");
    }

    [Fact]
    public void AddInvariant_None_TheSameProgramPassesItsEndAssertion()
    {
        var account = new TwoBins();

        AsynkitLoop.Run(async () => await AsynkitLoop.Current!.CreateTask(account.MoveAsync, "mover"));

        account.Total.ShouldBe(10, "without the invariant the transient break goes unseen");
    }

    [Fact]
    public void AddInvariant_Disposed_NoLongerChecked()
    {
        var account = new TwoBins();

        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            IDisposable invariant = loop.AddInvariant("total is 10", () => account.Total == 10);
            await Task.Yield();
            invariant.Dispose();
            await loop.CreateTask(account.MoveAsync, "mover");
        });

        account.Total.ShouldBe(10);
    }

    [Fact]
    public void AddInvariant_CheckThrows_FailsWithTheCheckAsInnerException()
    {
        var error = Should.Throw<StepInvariantException>(() => AsynkitLoop.Run(async () =>
        {
            AsynkitLoop.Current!.AddInvariant("queue is sane", () => throw new InvalidDataException("3 items, head says 2"));
            await Task.Yield();
        }));

        error.InnerException.ShouldBeOfType<InvalidDataException>();
        error.Message.ShouldEndWith(": the check threw InvalidDataException: 3 items, head says 2");
        error.Step.ShouldBe(1);
    }

    [Fact]
    public void AddInvariant_AddedBeforeTheRun_CheckedFromTheFirstStep()
    {
        int value = 0;
        using var loop = new AsynkitLoop();
        loop.AddInvariant("value is even", () => value % 2 == 0);

        var error = Should.Throw<StepInvariantException>(() => loop.RunUntilComplete(async () =>
        {
            value = 2;
            await Task.Yield();
            value = 3;
            await Task.Yield();
            value = 4;
        }));

        error.Step.ShouldBe(2);
        error.Message.ShouldContain("a step of task 'main' (#1)");
    }

    [Fact]
    public void AddInvariant_ThreadPoolTurns_CheckedAfterEachTurnOnTheLoopThread()
    {
        int value = 0;
        int loopThread = -1;
        int checkedOn = -1;

        var error = Should.Throw<StepInvariantException>(() => AsynkitLoop.Run(async () =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            AsynkitLoop.Current!.AddInvariant("value is 0", () =>
            {
                checkedOn = Environment.CurrentManagedThreadId;
                return value == 0;
            });
            await Task.Run(() => value = 1);
            await Task.Run(() => value = 0);
        }));

        error.Message.ShouldContain("a step of task 'main' (#1)");
        checkedOn.ShouldBe(loopThread);
        value.ShouldBe(1, "the run failed right after the turn that broke it, before the second turn");
    }

    [Fact]
    public void AddInvariant_BadArguments_ThrowNamingTheArgument()
    {
        using var loop = new AsynkitLoop();

        Should.Throw<ArgumentException>(() => loop.AddInvariant("", () => true)).ParamName.ShouldBe("name");
        Should.Throw<ArgumentNullException>(() => loop.AddInvariant("x", null!)).ParamName.ShouldBe("holds");
    }

    [Fact]
    public void AddInvariant_BrokenOnlyUnderARace_FoundByExplorationAndTheTokenReplaysTheSameStep()
    {
        ExplorationResult found = Explorer.Explore(RacyTransfers, new ExplorationOptions { Iterations = 500, Seed = 3 });

        StepInvariantException error = found.Failure.ShouldBeOfType<StepInvariantException>();
        ExplorationResult replayed = Explorer.Replay(RacyTransfers, found.ReplayToken!);
        StepInvariantException again = replayed.Failure.ShouldBeOfType<StepInvariantException>();
        again.Step.ShouldBe(error.Step);
        again.Message.ShouldBe(error.Message);
        found.Trace.ShouldNotBeNull().ShouldContain($"Failure: StepInvariantException: Invariant 'total is 10' broken after step {error.Step}");
        Should.NotThrow(() => AsynkitLoop.Run(RacyTransfers), "asyncio order never breaks it");
    }

    /// <summary>Two transfers; each is atomic while the other is not in the middle of its own (the 'busy' flag), and splits its
    /// debit and credit across an await otherwise: only an interleaving breaks the total, and the end state is always right.</summary>
    private static async Task RacyTransfers()
    {
        var bins = new TwoBins();
        bool busy = false;
        AsynkitLoop loop = AsynkitLoop.Current!;
        loop.AddInvariant("total is 10", () => bins.Total == 10);
        async Task Transfer()
        {
            if (busy)
            {
                bins.Left--;
                await Task.Yield();
                bins.Right++;
                return;
            }

            busy = true;
            bins.Left--;
            bins.Right++;
            await Task.Yield();
            busy = false;
        }

        LoopTask first = loop.CreateTask(Transfer, "first");
        await Task.Yield();
        LoopTask second = loop.CreateTask(Transfer, "second");
        await Task.WhenAll(first.Task, second.Task);
        bins.Total.ShouldBe(10);
    }

    private sealed class TwoBins
    {
        public int Left { get; set; } = 10;

        public int Right { get; set; }

        public int Total => Left + Right;

        public async Task MoveAsync()
        {
            Left--;
            await Task.Yield();
            Right++;
        }
    }
}
