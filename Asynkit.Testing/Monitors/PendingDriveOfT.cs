namespace Asynkit.Testing;

/// <summary>A pending drive whose driver receives a <typeparamref name="TResult"/> mapped from the outcome.</summary>
internal sealed class PendingDrive<TResult> : PendingDrive
{
    private readonly TaskCompletionSource<TResult> _promise = new();
    private readonly Func<DriveOutcome, TResult> _map;

    public PendingDrive(SynchronizationContext driverContext, Func<DriveOutcome, TResult> map)
        : base(driverContext)
    {
        _map = map;
    }

    public Task<TResult> Task => _promise.Task;

    public override void Complete(in DriveOutcome outcome)
    {
        TResult result;
        try
        {
            result = _map(outcome);
        }
        catch (Exception ex)
        {
            _promise.TrySetException(ex);
            return;
        }

        _promise.TrySetResult(result);
    }
}
