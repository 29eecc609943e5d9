namespace Asynkit.Testing.Tests.Libraries;

/// <summary>SemaphoreSlim's WaitAsync with a token or a timeout continues, when contended, through an internal
/// ConfigureAwait(false) await on the thread pool.</summary>
public sealed class SemaphoreSlimTests
{
    // A token that can be cancelled: with CancellationToken.None, WaitAsync returns its internal task directly and takes no
    // detour through the thread pool.
    private static CancellationToken Cancelable => new CancellationTokenSource().Token;

    private static Func<Task> Workers(Func<SemaphoreSlim, Task> wait, bool planted) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        using var gate = new SemaphoreSlim(1);
        int inside = 0;
        int most = 0;
        async Task Worker()
        {
            if (planted && inside == 0)
            {
                // Planted bug: a "fast path" that skips the gate when nobody seems to be inside.
                await Critical();
                return;
            }

            await wait(gate);
            try
            {
                await Critical();
            }
            finally
            {
                gate.Release();
            }
        }

        async Task Critical()
        {
            most = Math.Max(most, ++inside);
            await Task.Yield();
            inside--;
        }

        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => loop.CreateTask(Worker, $"worker{i}").Task));
        if (most > 1)
        {
            throw new InvalidOperationException($"mutual exclusion broken: {most} workers inside at once");
        }
    };

    [Fact]
    public void WaitAsyncWithToken_Contended_IsDeterministic() =>
        LibraryScenario.AssertDeterministic(Workers(g => g.WaitAsync(Cancelable), planted: false));

    [Fact]
    public void WaitAsyncWithTimeout_Contended_IsDeterministic() =>
        LibraryScenario.AssertDeterministic(Workers(g => g.WaitAsync(TimeSpan.FromSeconds(30)), planted: false));

    [Fact]
    public void WaitAsyncWithToken_PlantedFastPath_RaceIsFound() =>
        LibraryScenario.AssertRaceFound(Workers(g => g.WaitAsync(Cancelable), planted: true), "mutual exclusion broken");

    [Fact]
    public void WaitAsyncWithTimeout_PlantedFastPath_RaceIsFound() =>
        LibraryScenario.AssertRaceFound(Workers(g => g.WaitAsync(TimeSpan.FromSeconds(30)), planted: true), "mutual exclusion broken");

    [Fact]
    public void WaitAsyncWithTimeout_NeverReleased_IsAnEscapeNamingTheCallAndTheFix()
    {
        var error = LibraryScenario.AssertEscape(async () =>
        {
            using var gate = new SemaphoreSlim(0);
            await gate.WaitAsync(TimeSpan.FromSeconds(2));
        });

        error.Message.ShouldContain("SemaphoreSlim.WaitAsync with a timeout (2000 ms)");
        error.Message.ShouldContain("new CancellationTokenSource(timeout, loop.Clock)");
        error.Message.ShouldContain("SemaphoreSlimTests");
    }

    [Fact]
    public void WaitAsyncWithToken_Contended_ContinuesThroughThePoolAsLoopSteps()
    {
        using var loop = new AsynkitLoop();
        loop.RunUntilComplete(Workers(g => g.WaitAsync(Cancelable), planted: false));

        // The internal ConfigureAwait(false) continuations of the waiters that had to wait ran as steps of the loop.
        loop.ForeignItemCount.ShouldBeGreaterThanOrEqualTo(2);
    }
}
