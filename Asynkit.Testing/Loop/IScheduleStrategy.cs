namespace Asynkit.Testing;

/// <summary>Decides which of several possibilities the loop takes at a choice point.</summary>
/// <remarks>
/// The loop asks only when there are at least two options. Returning 0 everywhere gives asyncio's FIFO order.
/// Exploration strategies (random, PCT, exhaustive, replay) implement this interface.
/// </remarks>
public interface IScheduleStrategy
{
    /// <summary>Returns the index, in [0, <see cref="ChoicePoint.Count"/>), of the option to take.</summary>
    int Choose(in ChoicePoint point);
}

/// <summary>What a choice point is about.</summary>
public enum ChoiceKind
{
    /// <summary>Which ready item runs next; options are ready-queue positions, head first.</summary>
    Ready,

    /// <summary>A yes/no (or n-way) decision such as "inject a fault here"; option 0 is the default behaviour.</summary>
    Decision,
}

/// <summary>One decision the loop asks its strategy to make.</summary>
public readonly struct ChoicePoint
{
    private readonly AsynkitLoop _loop;

    internal ChoicePoint(AsynkitLoop loop, ChoiceKind kind, int count, string? label)
    {
        _loop = loop;
        Kind = kind;
        Count = count;
        Label = label;
    }

    /// <summary>What is being decided.</summary>
    public ChoiceKind Kind { get; }

    /// <summary>How many options there are (at least 2).</summary>
    public int Count { get; }

    /// <summary>For <see cref="ChoiceKind.Decision"/>, what the decision is about (for example a fault point's name).</summary>
    public string? Label { get; }

    /// <summary>The loop asking.</summary>
    public AsynkitLoop Loop => _loop;

    /// <summary>The number of steps the loop has taken so far.</summary>
    public long Step => _loop.StepCount;

    /// <summary>For <see cref="ChoiceKind.Ready"/>, the task that owns option <paramref name="index"/>, or null for a plain callback.</summary>
    public LoopTask? TaskAt(int index)
    {
        if (Kind != ChoiceKind.Ready)
        {
            return null;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _loop.OwnerAt(index);
    }
}
