namespace Asynkit.Testing.Tests.Diagnostics;

/// <summary>Awaits that stay pending until the test releases them, oldest first (no SynchronizationContext: continuations run
/// inline, so a release moves the awaiting method to its next await before <see cref="Release"/> returns).</summary>
internal sealed class Gates
{
    private readonly Queue<TaskCompletionSource> _pending = new();

    public int Pending => _pending.Count;

    public Task Next()
    {
        var gate = new TaskCompletionSource();
        _pending.Enqueue(gate);
        return gate.Task;
    }

    public void Release() => _pending.Dequeue().SetResult();
}
