namespace Asynkit.Testing;

/// <summary>An entry of the loop's ready queue: the next step of a task, or a plain callback (asyncio's Handle).</summary>
/// <remarks>
/// Items taken out with <see cref="AsynkitLoop.ReadyPop"/> or <see cref="AsynkitLoop.ReadyFind"/> can be put back with
/// <see cref="AsynkitLoop.ReadyInsert"/>. An item runs at most once.
/// </remarks>
public sealed class ReadyItem
{
    internal ReadyItem(AsynkitLoop loop, in ReadyEntry entry)
    {
        Loop = loop;
        Callback = entry.Callback;
        State = entry.State;
        Task = entry.Owner;
    }

    /// <summary>The task whose step this is, or null for a plain callback.</summary>
    public LoopTask? Task { get; }

    /// <summary>True when this item is in the ready queue.</summary>
    public bool IsQueued { get; internal set; }

    /// <summary>True once this item has run.</summary>
    public bool HasRun { get; internal set; }

    internal AsynkitLoop Loop { get; }

    internal SendOrPostCallback Callback { get; }

    internal object? State { get; }

    /// <inheritdoc />
    public override string ToString() => Task is not null
        ? $"step of task '{Task.Name}' (#{Task.Id})"
        : $"callback {StepDescriber.DescribeCallback(Callback, State)}";
}
