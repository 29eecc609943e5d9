namespace Asynkit.Testing.Faults;

/// <summary>What happens at a fault point when a plan injects a fault: throw, delay in virtual time, cancel, or pause on a monitor.</summary>
public sealed class FaultAction
{
    private readonly Func<Exception>? _exception;
    private readonly string _description;

    private FaultAction(FaultKind kind, string description, Func<Exception>? exception = null, TimeSpan delay = default, OobMonitor? monitor = null)
    {
        Kind = kind;
        _description = description;
        _exception = exception;
        Delay = delay;
        Monitor = monitor;
    }

    /// <summary>What the action does.</summary>
    public FaultKind Kind { get; }

    /// <summary>For <see cref="FaultKind.Delay"/>, how long the point waits (virtual time).</summary>
    public TimeSpan Delay { get; }

    /// <summary>For <see cref="FaultKind.Pause"/>, the monitor the point sends its call to.</summary>
    public OobMonitor? Monitor { get; }

    /// <summary>The point throws <paramref name="exception"/> (the same instance every time the action fires).</summary>
    public static FaultAction Throw(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new FaultAction(FaultKind.Throw, $"throw {exception.GetType().Name}", () => exception);
    }

    /// <summary>The point throws a new exception from <paramref name="factory"/> each time the action fires.</summary>
    public static FaultAction Throw(Func<Exception> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new FaultAction(FaultKind.Throw, "throw", factory);
    }

    /// <summary>The point throws a new <typeparamref name="TException"/> each time the action fires.</summary>
    public static FaultAction Throw<TException>()
        where TException : Exception, new() =>
        new(FaultKind.Throw, $"throw {typeof(TException).Name}", static () => new TException());

    /// <summary>The point waits <paramref name="delay"/> of virtual time, then proceeds (a slow call); cancelling the task wakes it.</summary>
    public static FaultAction DelayBy(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new FaultAction(FaultKind.Delay, $"delay {delay}", delay: delay);
    }

    /// <summary>The point throws OperationCanceledException (the call was cancelled).</summary>
    public static FaultAction Cancel() => new(FaultKind.Cancel, "cancel");

    /// <summary>The point calls <paramref name="monitor"/>.OobAsync with its <see cref="FaultPointCall"/>: a test driving the code with a
    /// BoundMonitor receives it as OobDataException, can run other tasks meanwhile, then resumes the call with AwaitAsync or fails it
    /// with ThrowAsync.</summary>
    public static FaultAction Pause(OobMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        return new FaultAction(FaultKind.Pause, "pause", monitor: monitor);
    }

    /// <inheritdoc />
    public override string ToString() => _description;

    /// <summary>For Throw and Cancel, the exception to throw at <paramref name="call"/>; null for the other kinds.</summary>
    internal Exception? CreateException(FaultPointCall call) => Kind switch
    {
        FaultKind.Throw => _exception!() ?? throw new InvalidOperationException($"The exception factory of the fault at '{call}' returned null."),
        FaultKind.Cancel => new OperationCanceledException($"Fault injected at '{call}': the call was cancelled."),
        _ => null,
    };

    /// <summary>Carries the action out at <paramref name="call"/>, throwing <paramref name="exception"/> (from <see cref="CreateException"/>) if any.</summary>
    internal Task ApplyAsync(FaultPointCall call, Exception? exception) => Kind switch
    {
        FaultKind.Throw or FaultKind.Cancel => Task.FromException(exception!),
        FaultKind.Delay => Scheduling.Sleep(Delay),
        _ => Monitor!.Oob(call, $"FaultPoints.Point(\"{call.Point}\") with a Pause fault"),
    };
}
