namespace Asynkit.Testing.Exploration;

/// <summary>Collects the events of one schedule's run for its trace: steps (who ran, where it resumed), decisions, task ends.</summary>
internal sealed class TraceBuilder
{
    private readonly List<TraceEvent> _events = [];
    private readonly HashSet<int> _finished = [];
    private LoopTask? _lastOwner;
    private (int Index, ForeignItem Item)? _pendingForeign;
    private long _lastStep;
    private long _lastTime;

    public IReadOnlyList<TraceEvent> Events => _events;

    public void Step(long step, long timeTicks, LoopTask? owner, int index, int count, LoopTask? preempted, LoopTask? previous, SendOrPostCallback callback, object? state)
    {
        NoteForeign();
        NoteFinished(previous);
        string detail;
        string? location = null;
        if (state is ForeignItem item)
        {
            // What a thread-pool turn runs is known once it has started: fill it in when the next step comes.
            detail = item.Describe();
            _pendingForeign = (_events.Count, item);
        }
        else if (owner is null)
        {
            detail = state is VirtualTimer.Firing ? "timer fires" : StepDescriber.DescribeCallback(callback, state);
        }
        else if (owner.State == LoopTaskState.New)
        {
            detail = "start";
        }
        else
        {
            SourceLocation where = StepDescriber.DescribeResumption(owner, callback, state);
            detail = where.Method;
            location = where.FileAndLine;
        }

        _events.Add(new TraceEvent(TraceEventKind.Step, step, timeTicks, owner?.Id ?? 0, owner?.Name ?? "(callback)", detail, location, index, count, preempted?.Name));
        _lastOwner = owner;
        _lastStep = step;
        _lastTime = timeTicks;
    }

    public void Decision(long step, string? label, int count, int chosen) =>
        _events.Add(new TraceEvent(TraceEventKind.Decision, step, _lastTime, _lastOwner?.Id ?? 0, _lastOwner?.Name ?? "(callback)", label ?? "(unnamed)", null, chosen, count, null));

    /// <summary>A warning of the run, after its last step.</summary>
    public void Warning(string text) =>
        _events.Add(new TraceEvent(TraceEventKind.Warning, _lastStep, _lastTime, 0, "(loop)", text, null, 0, 0, null));

    public void Complete(long lastStep)
    {
        NoteForeign();
        _lastStep = lastStep;
        NoteFinished(_lastOwner);
    }

    private void NoteForeign()
    {
        if (_pendingForeign is ({ } index, { } item))
        {
            _events[index] = _events[index] with { Detail = item.Describe() };
            _pendingForeign = null;
        }
    }

    private void NoteFinished(LoopTask? task)
    {
        if (task is null || !task.IsCompleted || !_finished.Add(task.Id))
        {
            return;
        }

        Task promise = task.PromiseTask;
        string how = promise.Status switch
        {
            TaskStatus.RanToCompletion => "finished",
            TaskStatus.Canceled => "was cancelled",
            _ => $"failed with {promise.Exception?.InnerException?.GetType().Name ?? "an exception"}",
        };
        _events.Add(new TraceEvent(TraceEventKind.TaskFinished, _lastStep, _lastTime, task.Id, task.Name, how, null, 0, 0, null));
    }
}
