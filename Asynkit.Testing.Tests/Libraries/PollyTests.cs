using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Asynkit.Testing.Tests.Libraries;

/// <summary>Polly.Core 8: its pipelines run their callbacks with ConfigureAwait(ContinueOnCapturedContext), false by default, and
/// time everything with the builder's TimeProvider.</summary>
public sealed class PollyTests
{
    private static ResiliencePipeline Pipeline(TimeProvider time, Action onOpened) => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromSeconds(1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = false,
            ShouldHandle = new PredicateBuilder().Handle<TimeoutException>(),
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(5),
            ShouldHandle = new PredicateBuilder().Handle<TimeoutException>(),
            OnOpened = _ =>
            {
                onOpened();
                return default;
            },
        })
        .AddTimeout(TimeSpan.FromSeconds(10))
        .Build();

    private static Func<Task> TwoCallers(bool continueOnCapturedContext, bool planted) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        int calls = 0;
        int opened = 0;
        int attemptsSeen = 0;
        ResiliencePipeline pipeline = Pipeline(loop.Clock, () => opened++);
        async Task Caller(int id)
        {
            ResilienceContext context = ResilienceContextPool.Shared.Get(continueOnCapturedContext);
            try
            {
                await pipeline.ExecuteAsync(
                    async ctx =>
                    {
                        int attempt = ++attemptsSeen;
                        await Task.Delay(TimeSpan.FromMilliseconds(100), loop.Clock, ctx.CancellationToken);
                        if (planted)
                        {
                            int read = calls;
                            await Task.Yield();
                            calls = read + 1;
                        }
                        else
                        {
                            calls++;
                        }

                        if (attempt % 2 == 1)
                        {
                            throw new TimeoutException($"caller {id} attempt {attempt}");
                        }
                    },
                    context);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        await Task.WhenAll(loop.CreateTask(() => Caller(1), "caller1").Task, loop.CreateTask(() => Caller(2), "caller2").Task);
        if (calls != attemptsSeen)
        {
            throw new InvalidOperationException($"lost a call count: {calls} counted for {attemptsSeen} attempts");
        }
    };

    [Fact]
    public void Pipeline_DefaultContext_IsDeterministic() => LibraryScenario.AssertDeterministic(TwoCallers(continueOnCapturedContext: false, planted: false));

    [Fact]
    public void Pipeline_CapturedContext_IsDeterministic() => LibraryScenario.AssertDeterministic(TwoCallers(continueOnCapturedContext: true, planted: false));

    [Fact]
    public void Pipeline_PlantedLostUpdateInTheCallback_RaceIsFound() =>
        LibraryScenario.AssertRaceFound(TwoCallers(continueOnCapturedContext: false, planted: true), "lost a call count");

    [Fact]
    public void CircuitBreaker_OpensOnTheLoopAndRetriesWaitOnItsClock()
    {
        var openedAt = new List<TimeSpan>();
        TimeSpan end = TimeSpan.Zero;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            ResiliencePipeline pipeline = Pipeline(loop.Clock, () => openedAt.Add(loop.Clock.Elapsed));
            for (int i = 0; i < 3; i++)
            {
                try
                {
                    await pipeline.ExecuteAsync(_ => throw new TimeoutException("always"), CancellationToken.None);
                }
                catch (Exception ex) when (ex is TimeoutException or BrokenCircuitException)
                {
                }
            }

            end = loop.Clock.Elapsed;
        });

        openedAt.ShouldNotBeEmpty();
        end.ShouldBeGreaterThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Pipeline_OnTheSystemClock_IsAnEscapeNamingPollyAndTheFix()
    {
        var error = LibraryScenario.AssertEscape(async () =>
        {
            ResiliencePipeline pipeline = new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromSeconds(2), ShouldHandle = new PredicateBuilder().Handle<TimeoutException>() })
                .Build();
            int attempt = 0;
            await pipeline.ExecuteAsync(_ => ++attempt == 1 ? throw new TimeoutException() : ValueTask.CompletedTask, CancellationToken.None);
        });

        error.Message.ShouldContain("a Polly timer on TimeProvider.System");
        error.Message.ShouldContain("TimeProvider = loop.Clock");
        error.Message.ShouldContain("PollyTests");
    }

    [Fact]
    public void Timeout_OnTheLoopsClock_FiresAtTheVirtualDeadline()
    {
        TimeSpan at = TimeSpan.Zero;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            ResiliencePipeline pipeline = new ResiliencePipelineBuilder { TimeProvider = loop.Clock }.AddTimeout(TimeSpan.FromSeconds(5)).Build();
            await Should.ThrowAsync<TimeoutRejectedException>(async () =>
                await pipeline.ExecuteAsync(async ct => await Task.Delay(TimeSpan.FromHours(1), loop.Clock, ct), CancellationToken.None));
            at = loop.Clock.Elapsed;
        });

        at.ShouldBe(TimeSpan.FromSeconds(5));
    }
}
