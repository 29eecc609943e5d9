using Xunit.Sdk;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>One lifecycle step of a test class instance: what ran, whether inside a loop, in which task, for which instance.</summary>
public sealed record LifecycleEvent(string What, bool InsideLoop, string? Task, int Instance);

/// <summary>Records lifecycle steps; a class fixture in real runs, passed explicitly by the meta-tests.</summary>
public sealed class LifecycleRecorder
{
    private static readonly AsyncLocal<LifecycleRecorder?> s_current = new();
    private readonly List<LifecycleEvent> _events = [];
    private int _instances;

    /// <summary>The recorder of the running meta-test, for attributes (they get no instance); null in real runs.</summary>
    public static LifecycleRecorder? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public bool CreatedInsideLoop { get; } = AsynkitLoop.Current is not null;

    public IReadOnlyList<LifecycleEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public int NextInstance() => Interlocked.Increment(ref _instances);

    public void Record(string what, int instance)
    {
        AsynkitLoop? loop = AsynkitLoop.Current;
        lock (_events)
        {
            _events.Add(new LifecycleEvent(what, loop is not null, loop?.CurrentTask?.Name, instance));
        }
    }
}

/// <summary>Records Before and After into <see cref="LifecycleRecorder.Current"/>.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RecordBeforeAfterAttribute : BeforeAfterTestAttribute
{
    public override void Before(System.Reflection.MethodInfo methodUnderTest) => LifecycleRecorder.Current?.Record("Before", 0);

    public override void After(System.Reflection.MethodInfo methodUnderTest) => LifecycleRecorder.Current?.Record("After", 0);
}
