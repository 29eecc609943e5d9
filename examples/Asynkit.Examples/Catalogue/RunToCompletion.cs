using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Run-to-completion: a migration runs 20 steps, each awaiting the database, then marks itself finished; a health
/// check that starts at the same time assumes it can never observe "finished" before its own first probe.</summary>
/// <remarks>The bug shows only when the migration runs all 20 steps before the health check gets to run at all: a
/// uniformly random scheduler almost never does that (about 2^-20 per schedule), while PCT, which gives each task a
/// priority and runs the highest-priority ready task, does it in about half of its schedules. The fix makes the health
/// check read the state it reports under the same lock as the migration's final step.</remarks>
public static class RunToCompletion
{
    public static BugProgram Program { get; } = new(
        "run-to-completion",
        "a 20-step migration finishes before the health check's first probe (needs PCT)",
        () => RunAsync(fixedVersion: false),
        () => RunAsync(fixedVersion: true),
        "PCT: needs one task to run 20 steps without the other running once");

    private static async Task RunAsync(bool fixedVersion)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        bool finished = false;
        var stateLock = new SemaphoreSlim(1, 1);
        LoopTask migration = loop.CreateTask(
            async () =>
            {
                for (int step = 0; step < 20; step++)
                {
                    await Task.Yield(); // apply one migration step
                }

                if (fixedVersion)
                {
                    await stateLock.WaitAsync();
                }

                finished = true;
                if (fixedVersion)
                {
                    stateLock.Release();
                }
            },
            "migration");
        LoopTask health = loop.CreateTask(
            async () =>
            {
                if (fixedVersion)
                {
                    await stateLock.WaitAsync();
                    stateLock.Release();
                    return; // the fixed probe reports whatever state it sees: "finished" is fine
                }

                InvariantViolationException.Check(!finished, "run-to-completion: the health check saw the migration finished before its first probe");
                await Task.Yield();
            },
            "health-check");
        await migration;
        await health;
    }
}
