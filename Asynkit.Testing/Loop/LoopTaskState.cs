namespace Asynkit.Testing;

/// <summary>The life cycle of a <see cref="LoopTask"/> (asynkit's coro_is_new / suspended / finished).</summary>
public enum LoopTaskState
{
    /// <summary>Created, its body not yet started.</summary>
    New,

    /// <summary>Its step is executing right now.</summary>
    Running,

    /// <summary>Started and waiting: either ready to resume or blocked on something.</summary>
    Suspended,

    /// <summary>Completed, faulted or cancelled.</summary>
    Finished,
}
