namespace Asynkit.Testing.Exploration;

/// <summary>What a line of a schedule trace records.</summary>
internal enum TraceEventKind
{
    /// <summary>A step ran.</summary>
    Step,

    /// <summary>A decision (fault point) was resolved.</summary>
    Decision,

    /// <summary>A task finished during the previous step.</summary>
    TaskFinished,

    /// <summary>The run noted something without failing (an exception a leftover task raised while it was cancelled).</summary>
    Warning,
}

/// <summary>One line of a schedule trace.</summary>
/// <param name="Kind">Step, decision or task end.</param>
/// <param name="Step">The step number (1-based).</param>
/// <param name="TimeTicks">Virtual time, in ticks since the loop started.</param>
/// <param name="TaskId">The task's id; 0 for a plain callback.</param>
/// <param name="TaskName">The task's name ("(callback)" for a plain callback).</param>
/// <param name="Detail">Step: where the task resumed ("start" for a first step); decision: its label; task end: how it ended.</param>
/// <param name="Location">Step: file:line of the resumption point when the PDB knows it; else null.</param>
/// <param name="Index">Step: the ready position chosen; decision: the option chosen.</param>
/// <param name="Count">Step: how many items were ready; decision: how many options there were.</param>
/// <param name="Preempted">Step: the name of the runnable task this step preempted, or null.</param>
internal readonly record struct TraceEvent(
    TraceEventKind Kind,
    long Step,
    long TimeTicks,
    int TaskId,
    string TaskName,
    string Detail,
    string? Location,
    int Index,
    int Count,
    string? Preempted);
