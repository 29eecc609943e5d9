using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Tests.Libraries;

/// <summary>The three things every real-library scenario must show: it runs deterministically on the loop in FIFO order and under
/// exploration, a race planted in the code around it is found, and the found schedule replays alone.</summary>
internal static class LibraryScenario
{
    /// <summary>FIFO twice and <paramref name="schedules"/> explored schedules, each run twice: same steps, same outcome, no failure.</summary>
    public static ExplorationResult AssertDeterministic(Func<Task> program, int schedules = 100, int seed = 1)
    {
        ExplorationResult fifo = Explorer.Explore(program, new ExplorationOptions { Strategy = StrategyKind.Fifo, Iterations = 1, CheckDeterminism = true });
        fifo.Failed.ShouldBeFalse(fifo.Failure?.ToString());

        ExplorationResult explored = Explorer.Explore(program, new ExplorationOptions { Strategy = StrategyKind.Random, Iterations = schedules, Seed = seed, CheckDeterminism = true });
        explored.Failed.ShouldBeFalse(explored.Failure?.ToString());
        explored.SchedulesExplored.ShouldBe(schedules);
        return explored;
    }

    /// <summary>The planted race in <paramref name="program"/> is found within 5,000 schedules, with the message
    /// <paramref name="bug"/>, and the token of the failing schedule reproduces it in one run.</summary>
    public static ExplorationResult AssertRaceFound(Func<Task> program, string bug, int seed = 1)
    {
        ExplorationResult result = Explorer.Explore(program, new ExplorationOptions { Iterations = 5_000, Seed = seed });
        result.Failed.ShouldBeTrue("the planted race was not found");
        result.Failure.ShouldNotBeNull().Message.ShouldContain(bug);
        result.Failure.ShouldNotBeOfType<UncontrolledConcurrencyException>();
        result.Failure.ShouldNotBeOfType<DeadlockException>();

        ExplorationResult replay = Explorer.Replay(program, result.ReplayToken!);
        replay.Failed.ShouldBeTrue();
        replay.Failure!.GetType().ShouldBe(result.Failure.GetType());
        replay.Failure.Message.ShouldBe(result.Failure.Message);
        return result;
    }

    /// <summary>Runs <paramref name="program"/> once and returns the escape it fails with.</summary>
    public static UncontrolledConcurrencyException AssertEscape(Func<Task> program) =>
        Should.Throw<UncontrolledConcurrencyException>(() => AsynkitLoop.Run(program));
}
