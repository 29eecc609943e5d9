namespace Asynkit.Examples.Tests.Scripted;

/// <summary>Retries an operation that fails with an IOException or times out, waiting firstDelay, then twice as long each
/// time up to maxDelay; every wait and timeout runs on the given TimeProvider (the loop's virtual clock in tests).</summary>
internal sealed class RetryPolicy(TimeProvider time, int maxAttempts, TimeSpan firstDelay, TimeSpan maxDelay, TimeSpan attemptTimeout)
{
    public async Task<T> ExecuteAsync<T>(Func<int, Task<T>> operation)
    {
        TimeSpan delay = firstDelay;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(attempt).WaitAsync(attemptTimeout, time);
            }
            catch (Exception e) when (e is IOException or TimeoutException && attempt < maxAttempts)
            {
                await Task.Delay(delay, time);
                delay = delay * 2 < maxDelay ? delay * 2 : maxDelay;
            }
        }
    }
}
