namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    private List<string>? _warnings;
    private int _faultedBeforeWindDown = -1;

    /// <summary>What the run noted without failing: exceptions leftover tasks raised while they were cancelled at the end of the
    /// run (under <see cref="LeftoverExceptionPolicy.Warn"/>), real-time timers still armed when it ended, and a thread-pool
    /// work-item hash collision (<see cref="IdCollisionSeen"/>). Empty when there was nothing to note.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            IReadOnlyList<string> timers = PendingRealTimersAtEnd;
            if (timers.Count == 0 && !_idCollision)
            {
                return _warnings ?? (IReadOnlyList<string>)[];
            }

            var all = new List<string>(_warnings ?? []);
            if (_idCollision)
            {
                all.Add("a thread-pool work item of this run shared its hash code with other pending work (the pool's events name work items by a 26-bit hash only): a pool thread may have run another item's turn, so this run may not have followed its schedule. The explorer runs such a schedule again; a single run cannot (docs/foreign-work.md, Limits).");
            }

            foreach (string timer in timers)
            {
                all.Add($"a real-time timer was still armed when the run ended (had the run lasted longer, it would have fired outside the loop's control): {timer}");
            }

            return all;
        }
    }

    /// <summary>Called as the wind-down starts: the tasks that faulted until now faulted before main ended.</summary>
    private void MarkWindDown() => _faultedBeforeWindDown = _faultedTasks.Count;

    /// <summary>After the wind-down: what leftover tasks raised while they were cancelled becomes a warning (unless
    /// <see cref="LoopOptions.LeftoverTaskExceptions"/> is Fail); a task that faulted before main ended still fails the run.</summary>
    private void NoteLeftoverExceptions()
    {
        int from = _faultedBeforeWindDown;
        if (from < 0 || from >= _faultedTasks.Count || _options.LeftoverTaskExceptions == LeftoverExceptionPolicy.Fail)
        {
            return;
        }

        _warnings ??= [];
        for (int i = from; i < _faultedTasks.Count; i++)
        {
            LoopTask task = _faultedTasks[i];
            Exception error = task.PromiseTask.Exception!.InnerException!;
            string message = error.Message.Split('\n')[0].TrimEnd('\r');
            _warnings.Add($"task '{task.Name}' (#{task.Id}) raised {error.GetType().Name} while it was cancelled at the end of the run: {message} (LoopOptions.LeftoverTaskExceptions = Fail makes it a failure)");
        }

        _faultedTasks.RemoveRange(from, _faultedTasks.Count - from);
    }
}
