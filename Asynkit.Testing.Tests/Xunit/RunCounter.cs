namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>Counts the runs of a race program in the current async flow (it reaches the loop thread through the
/// ExecutionContext), so that meta-tests can see how many schedules a test ran.</summary>
internal sealed class RunCounter
{
    private static readonly AsyncLocal<RunCounter?> s_current = new();
    private int _count;

    public static RunCounter? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
