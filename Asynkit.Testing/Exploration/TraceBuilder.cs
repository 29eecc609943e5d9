namespace Asynkit.Testing.Exploration;

/// <summary>Collects the events of one schedule's run for its trace: steps (who ran, where it resumed), decisions, task ends.</summary>
internal sealed class TraceBuilder
{
    private readonly List<TraceEvent> _events = [];
    private readonly HashSet<int> _finished = [];
    private readonly Dictionary<object, long> _wokenBy = new(ReferenceEqualityComparer.Instance);
    private LoopTask? _lastOwner;
    private (int Index, ForeignItem Item)? _pendingForeign;
    private long _lastStep;
    private long _lastTime;

    public IReadOnlyList<TraceEvent> Events => _events;

    /// <summary>Forgets everything recorded: the run is being run again from its beginning.</summary>
    public void Clear()
    {
        _events.Clear();
        _finished.Clear();
        _wokenBy.Clear();
        _lastOwner = null;
        _pendingForeign = null;
        _lastStep = 0;
        _lastTime = 0;
    }

    public void Step(long step, long timeTicks, LoopTask? owner, int index, int count, LoopTask? preempted, LoopTask? previous, SendOrPostCallback callback, object? state)
    {
        NoteForeign();
        NoteFinished(previous);
        string detail;
        string? location = null;
        string? origin = null;
        long wokenBy = _wokenBy.Remove(state ?? callback, out long waker) ? waker : 0;
        if (state is ForeignItem item)
        {
            // What a thread-pool turn runs is known once it has started: fill it in when the next step comes.
            detail = item.Describe();
            _pendingForeign = (_events.Count, item);
        }
        else if (owner is null)
        {
            if (state is VirtualTimer.Firing firing)
            {
                detail = "timer fires";
                origin = firing.Timer.CreatedAt;
            }
            else
            {
                detail = StepDescriber.DescribeCallback(callback, state);
            }
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

        _events.Add(new TraceEvent(TraceEventKind.Step, step, timeTicks, owner?.Id ?? 0, owner?.Name ?? "(callback)", detail, location, index, count, preempted?.Name, wokenBy, origin));
        _lastOwner = owner;
        _lastStep = step;
        _lastTime = timeTicks;
    }

    public void Decision(long step, string? label, int count, int chosen) =>
        _events.Add(new TraceEvent(TraceEventKind.Decision, step, _lastTime, _lastOwner?.Id ?? 0, _lastOwner?.Name ?? "(callback)", label ?? "(unnamed)", null, chosen, count, null));

    /// <summary>Step <paramref name="step"/> made <paramref name="key"/> ready or armed it (see ILoopObserver.OnWake); the first
    /// step to do so is kept until the item runs.</summary>
    public void Wake(object key, long step) => _wokenBy.TryAdd(key, step);

    /// <summary>The run ends in a deadlock: each blocked task and what it waits for ("awaits ..., at ..."), after its last step.</summary>
    public void Blocked(IReadOnlyList<(LoopTask Task, string WaitsAt)> blocked)
    {
        foreach ((LoopTask task, string waitsAt) in blocked)
        {
            _events.Add(new TraceEvent(TraceEventKind.Blocked, _lastStep, _lastTime, task.Id, task.Name, waitsAt, null, 0, 0, null));
        }
    }

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
