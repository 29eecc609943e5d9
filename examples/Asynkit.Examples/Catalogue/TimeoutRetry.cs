using Asynkit.Testing;

namespace Asynkit.Examples.Catalogue;

/// <summary>Timeout and retry: a payment client gives each attempt 2 s; the acknowledgement takes 2 s to come back.</summary>
/// <remarks>The server charges the card as soon as the request arrives, and the fake network delivers its acknowledgement
/// 2 s later. The reply and the client's timeout are due at the same virtual instant, so their order is a choice point.
/// In asyncio (FIFO) order the reply wins and all is well; when the timeout fires first, the client retries and the card
/// is charged twice. The fix sends an idempotency key, so the server charges once per key, and keeps listening for the
/// late acknowledgements of earlier attempts. All in virtual time.</remarks>
public static class TimeoutRetry
{
    public static BugProgram Program { get; } = new(
        "timeout-retry",
        "a retry after a timeout repeats a side effect the first attempt already made",
        () => RunAsync(idempotent: false),
        () => RunAsync(idempotent: true),
        "any strategy that reorders timers due at the same instant");

    private static async Task RunAsync(bool idempotent)
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var network = new FakeNetwork(loop.Clock);
        var server = new PaymentServer(network, idempotent);
        var client = new PaymentClient(server, loop.Clock, acceptLateReplies: idempotent);
        await client.PayAsync("order-17", 25m);
        InvariantViolationException.Check(server.Charges == 1, $"timeout-retry: the card was charged {server.Charges} times");
    }

    /// <summary>Delivers a reply after a latency, from a timer on the given clock.</summary>
    private sealed class FakeNetwork(TimeProvider time)
    {
        public Task<T> DeliverAfter<T>(TimeSpan latency, T reply)
        {
            var delivered = new TaskCompletionSource<T>();
            ITimer? timer = null;
            timer = time.CreateTimer(
                _ =>
                {
                    delivered.TrySetResult(reply);
                    timer!.Dispose();
                },
                null,
                latency,
                Timeout.InfiniteTimeSpan);
            return delivered.Task;
        }
    }

    private sealed class PaymentServer(FakeNetwork network, bool idempotent)
    {
        private readonly HashSet<string> _seenKeys = [];

        public int Charges { get; private set; }

        public Task<string> ChargeAsync(string idempotencyKey, decimal amount)
        {
            _ = amount;
            if (!idempotent || _seenKeys.Add(idempotencyKey))
            {
                Charges++;
            }

            return network.DeliverAfter(TimeSpan.FromSeconds(2), "ack");
        }
    }

    private sealed class PaymentClient(PaymentServer server, TimeProvider time, bool acceptLateReplies)
    {
        public async Task PayAsync(string orderId, decimal amount)
        {
            var replies = new List<Task>();
            for (int attempt = 1; attempt <= 3; attempt++)
            {
                Task<string> reply = server.ChargeAsync(orderId, amount);
                if (!acceptLateReplies)
                {
                    replies.Clear();
                }

                replies.Add(reply);
                Task timeout = Task.Delay(TimeSpan.FromSeconds(2), time);
                if (await Task.WhenAny([.. replies, timeout]) != timeout)
                {
                    return;
                }
            }

            throw new TimeoutException("payment: no acknowledgement after 3 attempts");
        }
    }
}
