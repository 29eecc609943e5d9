using System.Text;

namespace Asynkit.Testing;

/// <summary>An invariant registered with <see cref="AsynkitLoop.AddInvariant"/> did not hold after a step.</summary>
public class StepInvariantException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public StepInvariantException()
        : base("A step invariant was broken.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StepInvariantException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public StepInvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private StepInvariantException(string message, Exception? innerException, string invariant, long step)
        : base(message, innerException)
    {
        Invariant = invariant;
        Step = step;
    }

    /// <summary>The name of the broken invariant.</summary>
    public string? Invariant { get; }

    /// <summary>The step after which it did not hold (1-based, as in traces).</summary>
    public long Step { get; }

    internal static StepInvariantException Broken(string name, long step, TimeSpan time, LoopTask? owner, Exception? thrown)
    {
        var text = new StringBuilder();
        text.Append("Invariant '").Append(name).Append("' broken after step ").Append(step.ToString("N0")).Append(" (virtual time ").Append(time).Append("), a step of ");
        if (owner is null)
        {
            text.Append("a plain callback");
        }
        else
        {
            text.Append("task '").Append(owner.Name).Append("' (#").Append(owner.Id).Append(')');
            text.Append(owner.IsCompleted ? ", which then finished" : owner.SuspendedAt is { } at ? $", now suspended at {at}" : "");
        }

        text.Append(thrown is null ? "." : $": the check threw {thrown.GetType().Name}: {thrown.Message}");
        return new StepInvariantException(text.ToString(), thrown, name, step);
    }
}
