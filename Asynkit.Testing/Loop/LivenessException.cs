using System.Globalization;

namespace Asynkit.Testing;

/// <summary>A <see cref="LivenessProperty"/> stayed hot past its bound, or was still hot when main completed: something owed
/// was never delivered.</summary>
public class LivenessException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public LivenessException()
        : base("A liveness property stayed hot.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LivenessException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public LivenessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private LivenessException(string message, string property, long hotSinceStep, TimeSpan hotSinceTime, long step)
        : base(message)
    {
        Property = property;
        HotSinceStep = hotSinceStep;
        HotSinceTime = hotSinceTime;
        Step = step;
    }

    /// <summary>The name of the property.</summary>
    public string? Property { get; }

    /// <summary>The step in which it became hot (0: before the first step).</summary>
    public long HotSinceStep { get; }

    /// <summary>The virtual time at which it became hot.</summary>
    public TimeSpan HotSinceTime { get; }

    /// <summary>The step after which the violation was declared.</summary>
    public long Step { get; }

    internal static LivenessException Violated(string property, LivenessCheck.Mark hot, long step, TimeSpan now, string how, long fairFrom)
    {
        string where = hot.TaskName is null ? "" : $", in a step of task '{hot.TaskName}' (#{hot.TaskId})";
        string fair = fairFrom > 0 ? string.Create(CultureInfo.InvariantCulture, $" (scheduling is fair from step {fairFrom:N0}; steps before it do not count)") : "";
        string message = string.Create(CultureInfo.InvariantCulture,
            $"Liveness property '{property}' violated after step {step:N0} (virtual time {now}): {how}{fair}. It became hot at step {hot.Step:N0} (virtual time {hot.Time}){where}, and nothing made it cold since.");
        return new LivenessException(message, property, hot.Step, hot.Time, step);
    }
}
