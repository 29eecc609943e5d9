namespace Asynkit.Testing;

/// <summary>Sees every step the loop takes and every decision its strategy makes; used for traces.</summary>
internal interface ILoopObserver
{
    /// <summary>A step is about to run: the item at <paramref name="index"/> of <paramref name="readyCount"/> was chosen.</summary>
    void OnStep(long step, int index, int readyCount, LoopTask? owner, SendOrPostCallback callback, object? state);

    /// <summary>A decision point was resolved.</summary>
    void OnDecision(long step, string? label, int count, int chosen);

    /// <summary>True when the observer builds a readable trace, so steps are worth describing (a thread-pool turn then records
    /// what it ran, which costs a stack walk).</summary>
    bool DescribesSteps { get; }

    /// <summary>Only when <see cref="DescribesSteps"/>: step <paramref name="step"/> made ready (or armed) what <paramref name="key"/>
    /// stands for: a posted item's state (or its callback when it has none), a new task, or a timer's firing.</summary>
    void OnWake(object key, long step);

    /// <summary>Only when <see cref="DescribesSteps"/>: the run ends in a deadlock with these tasks blocked, each where it waits.</summary>
    void OnDeadlock(IReadOnlyList<(LoopTask Task, string WaitsAt)> blocked);
}
