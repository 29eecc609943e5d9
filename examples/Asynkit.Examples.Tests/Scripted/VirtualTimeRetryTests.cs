using Asynkit.Testing;
using Asynkit.Testing.Xunit;

namespace Asynkit.Examples.Tests.Scripted;

/// <summary>A retry policy with exponential backoff, tested over hours of virtual time: each test takes microseconds of
/// wall-clock time and asserts the exact instants of the attempts.</summary>
public sealed class VirtualTimeRetryTests
{
    private static readonly TimeSpan s_noTimeout = TimeSpan.FromDays(1);
    private static readonly int[] s_attemptMinutes = [0, 1, 3, 7, 15, 31, 63, 123, 183, 243];

    [AsynkitFact]
    public async Task Execute_NineFailures_AttemptsAtDoublingIntervalsCappedAtOneHour()
    {
        VirtualClock clock = AsynkitLoop.Current!.Clock;
        var policy = new RetryPolicy(clock, maxAttempts: 10, firstDelay: TimeSpan.FromMinutes(1), maxDelay: TimeSpan.FromHours(1), s_noTimeout);
        var attempts = new List<TimeSpan>();

        string result = await policy.ExecuteAsync(async attempt =>
        {
            attempts.Add(clock.Elapsed);
            await Task.Yield(); // the request
            return attempt < 10 ? throw new IOException($"attempt {attempt}: service unavailable") : "ok";
        });

        result.ShouldBe("ok");
        // Waits of 1, 2, 4, 8, 16, 32 minutes, then 60 (the cap) three times: the 10th attempt runs 4 h 3 min in.
        attempts.ShouldBe([.. s_attemptMinutes.Select(m => TimeSpan.FromMinutes(m))]);
        clock.Elapsed.ShouldBe(TimeSpan.FromMinutes(243));
    }

    [AsynkitFact]
    public async Task Execute_AlwaysFailing_GivesUpAfterMaxAttemptsWithTheLastError()
    {
        VirtualClock clock = AsynkitLoop.Current!.Clock;
        var policy = new RetryPolicy(clock, maxAttempts: 6, firstDelay: TimeSpan.FromMinutes(5), maxDelay: TimeSpan.FromHours(2), s_noTimeout);
        int calls = 0;

        IOException? error = null;
        try
        {
            await policy.ExecuteAsync<string>(attempt =>
            {
                calls++;
                return Task.FromException<string>(new IOException($"attempt {attempt} failed"));
            });
        }
        catch (IOException e)
        {
            error = e;
        }

        error.ShouldNotBeNull().Message.ShouldBe("attempt 6 failed");
        calls.ShouldBe(6);
        clock.Elapsed.ShouldBe(TimeSpan.FromMinutes(5 + 10 + 20 + 40 + 80)); // 2 h 35 min of waiting
    }

    [AsynkitFact]
    public async Task Execute_HangingAttempts_EachTimesOutThenBacksOff()
    {
        VirtualClock clock = AsynkitLoop.Current!.Clock;
        var policy = new RetryPolicy(clock, maxAttempts: 5, firstDelay: TimeSpan.FromMinutes(1), maxDelay: TimeSpan.FromHours(1), attemptTimeout: TimeSpan.FromSeconds(30));
        var attempts = new List<TimeSpan>();
        var neverAnswers = new TaskCompletionSource<string>();

        string result = await policy.ExecuteAsync(attempt =>
        {
            attempts.Add(clock.Elapsed);
            return attempt < 3 ? neverAnswers.Task : Task.FromResult("ok");
        });

        result.ShouldBe("ok");
        // Attempt 1 at 0 times out at 0:30, waits 1 min; attempt 2 at 1:30 times out at 2:00, waits 2 min; attempt 3 at 4:00.
        attempts.ShouldBe([TimeSpan.Zero, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(4)]);
    }
}
