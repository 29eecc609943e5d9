using System.Threading.RateLimiting;

namespace Asynkit.Testing.Tests.Libraries;

/// <summary>System.Threading.RateLimiting: the replenishing limiters take no TimeProvider; with AutoReplenishment they run a real
/// System.Threading.Timer.</summary>
public sealed class RateLimitingTests
{
    private static TokenBucketRateLimiterOptions Options(bool auto, TimeSpan? period = null) => new()
    {
        TokenLimit = 1,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = period ?? TimeSpan.FromSeconds(1),
        AutoReplenishment = auto,
        QueueLimit = 10,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };

    [Fact]
    public void AutoReplenishment_IsAnEscapeNamingTheLimiterAndTheFix()
    {
        var error = LibraryScenario.AssertEscape(async () =>
        {
            using var limiter = new TokenBucketRateLimiter(Options(auto: true));
            using RateLimitLease first = await limiter.AcquireAsync();
            using RateLimitLease second = await limiter.AcquireAsync();
        });

        error.Message.ShouldContain("the replenishment timer of a System.Threading.RateLimiting limiter");
        error.Message.ShouldContain("read the real clock (Environment.TickCount), even in TryReplenish");
        error.Message.ShouldContain("a token bucket on a TimeProvider");
        error.Message.ShouldContain("RateLimitingTests");
    }

    [Fact]
    public void TryReplenishOnTheLoopsClock_DoesNotReplenish_TheLimiterReadsTheRealClock()
    {
        // The lead that a limiter driven by TryReplenish follows the loop's clock does not hold: TryReplenish adds tokens only when
        // a ReplenishmentPeriod of real time has passed since the last replenishment.
        bool granted = true;
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            using var limiter = new TokenBucketRateLimiter(Options(auto: false, TimeSpan.FromHours(1)));
            using ITimer replenish = loop.Clock.CreateTimer(_ => limiter.TryReplenish(), null, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
            using RateLimitLease first = await limiter.AcquireAsync();
            ValueTask<RateLimitLease> second = limiter.AcquireAsync();
            await Task.Delay(TimeSpan.FromHours(3), loop.Clock);
            granted = second.IsCompleted;
            limiter.Dispose();
            (await second).Dispose();
        });

        granted.ShouldBeFalse();
    }

    [Fact]
    public void TokenBucketOnTheLoopsClock_GrantsOneLeasePerVirtualSecond()
    {
        var grantedAt = new List<TimeSpan>();
        AsynkitLoop.Run(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            using RateLimiter limiter = new ClockTokenBucket(loop.Clock, limit: 1, perPeriod: 1, TimeSpan.FromSeconds(1));
            for (int i = 0; i < 4; i++)
            {
                using RateLimitLease lease = await limiter.AcquireAsync();
                lease.IsAcquired.ShouldBeTrue();
                grantedAt.Add(loop.Clock.Elapsed);
            }
        });

        grantedAt.ShouldBe([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)]);
    }

    [Fact]
    public void TokenBucketOnTheLoopsClock_ContendedAcquires_AreDeterministic() => LibraryScenario.AssertDeterministic(async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        using RateLimiter limiter = new ClockTokenBucket(loop.Clock, limit: 1, perPeriod: 1, TimeSpan.FromSeconds(1));
        async Task Acquire()
        {
            using RateLimitLease lease = await limiter.AcquireAsync();
            lease.IsAcquired.ShouldBeTrue();
        }

        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => loop.CreateTask(Acquire, $"acquirer{i}").Task));
        loop.Clock.Elapsed.ShouldBe(TimeSpan.FromSeconds(2));
    });
}
