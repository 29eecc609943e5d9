using System.Threading.RateLimiting;

namespace Asynkit.Testing.Tests.Libraries;

/// <summary>A token bucket on a TimeProvider: what a test gives code that takes its RateLimiter from outside, since the BCL's
/// replenishing limiters read the real clock (docs/foreign-work.md). Queued acquires are served oldest first.</summary>
internal sealed class ClockTokenBucket : RateLimiter
{
    private readonly int _limit;
    private readonly int _perPeriod;
    private readonly ITimer _timer;
    private readonly Queue<(int Count, TaskCompletionSource<RateLimitLease> Lease)> _queue = new();
    private int _tokens;

    public ClockTokenBucket(TimeProvider clock, int limit, int perPeriod, TimeSpan period)
    {
        _limit = limit;
        _perPeriod = perPeriod;
        _tokens = limit;
        _timer = clock.CreateTimer(_ => Replenish(), null, period, period);
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => new() { CurrentAvailablePermits = _tokens, CurrentQueuedCount = _queue.Count };

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => TryTake(permitCount) ? Lease.Acquired : Lease.Refused;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (_queue.Count == 0 && TryTake(permitCount))
        {
            return new ValueTask<RateLimitLease>(Lease.Acquired);
        }

        var lease = new TaskCompletionSource<RateLimitLease>();
        _queue.Enqueue((permitCount, lease));
        return new ValueTask<RateLimitLease>(lease.Task);
    }

    protected override void Dispose(bool disposing)
    {
        _timer.Dispose();
        while (_queue.TryDequeue(out var waiting))
        {
            waiting.Lease.TrySetResult(Lease.Refused);
        }

        base.Dispose(disposing);
    }

    private bool TryTake(int count)
    {
        if (_tokens < count)
        {
            return false;
        }

        _tokens -= count;
        return true;
    }

    private void Replenish()
    {
        _tokens = Math.Min(_limit, _tokens + _perPeriod);
        while (_queue.TryPeek(out var next) && TryTake(next.Count))
        {
            _queue.Dequeue().Lease.TrySetResult(Lease.Acquired);
        }
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true);
        public static readonly Lease Refused = new(false);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
