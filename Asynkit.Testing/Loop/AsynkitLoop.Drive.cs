using System.Runtime.ExceptionServices;
using System.Text;

namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    /// <summary>The longest an idle loop waits for foreign work under <see cref="EscapePolicy.Wait"/> when the wall clock has no (or a longer) limit.</summary>
    private static readonly TimeSpan s_maxForeignWait = TimeSpan.FromMinutes(2);

    /// <summary>How long an idle loop without thread-pool control waits for work to come back from the pool before it decides.</summary>
    private static readonly TimeSpan s_uncontrolledGrace = TimeSpan.FromMilliseconds(250);

    private readonly List<(TaskCompletionSource Promise, int? Position)> _afterStep = [];
    private int _redirectPosition = -1;

    /// <summary>Queues a post made on the loop thread (or in one of the loop's thread-pool turns); from any other thread it is an escape.</summary>
    internal void Post(SendOrPostCallback callback, object? state, LoopTask? owner)
    {
        if (_running && (Environment.CurrentManagedThreadId == _threadId || ForeignControl.Turn?.Loop == this))
        {
            if (_describesSteps)
            {
                NoteWake(state ?? callback);
            }

            var entry = new ReadyEntry(callback, state, owner, null);
            if (_redirectPosition >= 0)
            {
                int position = Math.Min(_redirectPosition, _ready.Count);
                _redirectPosition = -1;
                _ready.Insert(position, entry);
                if (owner is not null)
                {
                    owner.ReadyRefs++;
                }

                return;
            }

            Enqueue(entry);
            return;
        }

        ForeignPost(callback, state, owner);
    }

    /// <summary>Completes <paramref name="promise"/> right after the current step, so that the continuation of whoever awaits it
    /// is queued at <paramref name="position"/> (list.insert semantics; null appends) of the queue as the step left it.</summary>
    internal void CompleteAfterStep(TaskCompletionSource promise, int? position) => _afterStep.Add((promise, position));

    /// <summary>Runs <paramref name="action"/> now, inside the current step, with <paramref name="task"/> as the current task.</summary>
    internal void RunAsTask<TState>(TState task, Action<TState> action)
        where TState : LoopTask
    {
        LoopTask? previousTask = _current;
        LazyTaskContext? previousIdentity = _lazyIdentity;
        SynchronizationContext? previousContext = SynchronizationContext.Current;
        _current = task;
        _lazyIdentity = null;
        SynchronizationContext.SetSynchronizationContext(task.Context);
        try
        {
            action(task);
        }
        finally
        {
            _current = previousTask;
            _lazyIdentity = previousIdentity;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    /// <summary>Runs <paramref name="body"/> now, inside the current step, under <paramref name="identity"/>, whose LoopTask is
    /// created only if something needs it; returns the body's Task (a faulted one if it threw instead of returning).</summary>
    /// <param name="identity">The new task's identity.</param>
    /// <param name="body">The coroutine.</param>
    /// <param name="previousContext">SynchronizationContext.Current (the caller read it already), restored afterwards.</param>
    /// <param name="synchronousException">The exception the body threw instead of returning a Task, if any.</param>
    internal Task RunInLazyIdentity(LazyTaskContext identity, Func<Task> body, SynchronizationContext? previousContext, out Exception? synchronousException)
    {
        LoopTask? previousTask = _current;
        LazyTaskContext? previousIdentity = _lazyIdentity;
        _current = null;
        _lazyIdentity = identity;
        SynchronizationContext.SetSynchronizationContext(identity);
        try
        {
            synchronousException = null;
            return body() ?? throw new InvalidOperationException("The coroutine returned a null Task.");
        }
        catch (Exception ex)
        {
            synchronousException = ex;
            return Task.FromException(ex);
        }
        finally
        {
            _current = previousTask;
            _lazyIdentity = previousIdentity;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    /// <summary>True when <paramref name="task"/> is the one running now (without creating a lazy identity's task).</summary>
    internal bool IsCurrent(LoopTask task) => task == _current || (_current is null && _lazyIdentity?.CreatedTask == task);

    internal void OnTaskFinished(LoopTask task)
    {
        _liveTasks.Remove(task);
        if (task.PromiseTask.IsFaulted && task != _main)
        {
            _faultedTasks.Add(task);
        }
    }

    internal LoopTask? OwnerAt(int index) => _ready[index].Owner;

    /// <summary>The state of the ready item at <paramref name="index"/>: for a plain callback, what tells one from another (each
    /// timer firing is its own object), so that strategies can treat each as its own choice.</summary>
    internal object? StateAt(int index) => _ready[index].State;

    private void Drive()
    {
        try
        {
            RunSteps(windingDown: false);
            RunChecksAtEnd();
            WindDown();
            if (_foreignPending != 0)
            {
                // Posted from another thread during the last step: an escape (or, under EscapePolicy.Wait, more to wind down).
                HandleForeignPosts();
                RunSteps(windingDown: true);
            }

            NoteLeftoverExceptions();
            if (ReportedEscape(null) is { } escape)
            {
                throw escape;
            }

            CheckUnobservedExceptions();
        }
        catch (Exception ex)
        {
            _failure = ExceptionDispatchInfo.Capture(ex is UncontrolledConcurrencyException ? ex : ReportedEscape(ex) ?? ex);
        }
    }

    /// <summary>Runs steps in asyncio's batches: until main completes (advancing the clock and idling as needed), or, when
    /// <paramref name="windingDown"/>, until nothing is ready (timers already due still join; the clock does not move).</summary>
    private void RunSteps(bool windingDown)
    {
        LoopTask main = _main!;
        while (windingDown || !main.IsCompleted)
        {
            if (_foreignPending != 0)
            {
                HandleForeignPosts();
            }

            if (_uncontrolledPending != 0)
            {
                ThrowUncontrolled();
            }

            if (_batchRemaining <= 0 || _ready.Count == 0)
            {
                Clock.EnqueueDueTimers();
                if (_ready.Count == 0)
                {
                    if (windingDown)
                    {
                        return;
                    }

                    if (!Clock.AdvanceToNextTimer())
                    {
                        Idle();
                    }

                    continue;
                }

                _batchRemaining = _ready.Count;
            }

            Step();
            _batchRemaining--;
        }
    }

    private void Step()
    {
        int count = _ready.Count;
        int index = 0;
        if (Strategy is { } strategy && count > 1 && _ready.ChoiceCount is var choices and > 1)
        {
            // choices == count, except under priority scheduling: the positioned head and the best priority only.
            index = strategy.Choose(new ChoicePoint(this, ChoiceKind.Ready, choices, null));
            if ((uint)index >= (uint)choices)
            {
                throw new InvalidOperationException($"Schedule strategy {strategy.GetType().Name} chose ready item {index}, but only 0 to {choices - 1} exist.");
            }
        }

        ReadyEntry entry = index == 0 ? _ready.PopFront() : _ready.RemoveAt(index);
        RunEntry(entry, index, count);
        if (_afterStep.Count > 0)
        {
            CompleteAfterStepPromises();
        }

        if (_parked is { Count: > 0 })
        {
            PollParked();
        }

        if (_stepFailure is { } failure)
        {
            _stepFailure = null;
            failure.Throw();
        }

        if (_checks is { } checks)
        {
            RunChecksAfterStep(checks, entry.Owner);
        }
    }

    /// <summary>Runs one entry taken from the ready queue as a step: counts it, checks the budgets, tells the observer, and invokes
    /// it with its task's identity current. Steps nest only when a step waits synchronously for thread-pool work it started.</summary>
    private void RunEntry(in ReadyEntry entry, int index, int count)
    {
        LoopTask? owner = entry.Owner;
        if (entry.Handle is { } handle)
        {
            handle.IsQueued = false;
            handle.HasRun = true;
        }

        long step = ++_stepCount;
        if (step > _maxSteps)
        {
            throw new LoopBudgetExceededException($"The run exceeded LoopOptions.MaxSteps ({_options.MaxSteps:N0} steps): a livelock, or a test that needs a larger budget.{Environment.NewLine}{DescribeTasks()}");
        }

        if ((step & 0x3FF) == 0)
        {
            CheckWallClock();
        }

        Observer?.OnStep(step, index, count, owner, entry.Callback, entry.State);
        _current = owner;
        SendOrPostCallback? outerCallback = _runningCallback;
        object? outerState = _runningState;
        long outerStep = _runningStep;
        _runningStep = step;
        _runningCallback = entry.Callback;
        _runningState = entry.State;
        bool wasInStep = _inStep;
        _inStep = true;
        try
        {
            if (owner is null)
            {
                SynchronizationContext.SetSynchronizationContext(_callbackContext);
                entry.Callback(entry.State);
            }
            else
            {
                owner.ReadyRefs--;
                SynchronizationContext.SetSynchronizationContext(owner.Context);
                entry.Callback(entry.State);
            }
        }
        finally
        {
            _inStep = wasInStep;
            if (wasInStep)
            {
                // A turn run inside a step's synchronous wait (WaitOnLoop): the outer step is the one running again.
                _runningCallback = outerCallback;
                _runningState = outerState;
                _runningStep = outerStep;
            }

            _current = null;
        }
    }

    /// <summary>From any thread (a runner's watchdog, when a step does not return): what runs now, as "step 12 of task 'main'
    /// (#1), which resumed at Type.Method (File.cs:42)"; null when the loop is not running.</summary>
    internal string? DescribeRunningStep()
    {
        try
        {
            if (!_running)
            {
                return null;
            }

            long step = Volatile.Read(ref _runningStep);
            if (_runningTurn is { } turn)
            {
                return $"step {step:N0}: {turn.Describe()} of {DescribeOwner(turn.Owner)}, running on thread-pool thread {turn.Thread?.ManagedThreadId}";
            }

            LoopTask? owner = _current;
            SendOrPostCallback? callback = _runningCallback;
            object? state = _runningState;
            if (callback == s_startTask && state is LoopTask { Body: { } body })
            {
                return $"step {step:N0} of {DescribeOwner(owner)}, the start of its body {StepDescriber.DescribeMethod(body.Method)}";
            }

            string where = owner is not null && callback is not null
                ? StepDescriber.DescribeResumption(owner, callback, state) is var at && at.FileAndLine is { } line ? $"{at.Method} ({line})" : StepDescriber.DescribeResumption(owner, callback, state).Method
                : callback is null ? "a callback" : StepDescriber.DescribeCallback(callback, state);
            return $"step {step:N0} of {DescribeOwner(owner)}, which resumed at {where}";
        }
        catch (Exception)
        {
            return null;
        }
    }

    private void CompleteAfterStepPromises()
    {
        SynchronizationContext.SetSynchronizationContext(_callbackContext);
        for (int i = 0; i < _afterStep.Count; i++)
        {
            (TaskCompletionSource promise, int? position) = _afterStep[i];
            _redirectPosition = position is { } p ? ClampInsert(p) : -1;
            promise.TrySetResult();
            _redirectPosition = -1;
        }

        _afterStep.Clear();
    }

    /// <summary>Nothing is ready and no timer is due. Decided from what the run's work waits for, never by waiting to see: work
    /// posted from outside the loop is reported at the next turn, a parked thread-pool turn whose wait is now satisfied runs, and
    /// otherwise the loop is deadlocked, unless something outside its control (a real-time timer, a thread it does not own) could
    /// still end a wait: that is an escape.</summary>
    private void Idle()
    {
        if (_parked is { Count: > 0 })
        {
            PollParked();
            if (_ready.Count > 0)
            {
                return;
            }
        }

        if (_options.Escapes == EscapePolicy.Wait)
        {
            // Foreign work is allowed, and nothing tells whether some is still under way (a Task.Run on a busy thread pool
            // can take seconds to start): wait for it as long as the wall-clock budget lasts, then report what waits.
            TimeSpan remaining = RemainingWallClock();
            if (remaining == Timeout.InfiniteTimeSpan || remaining > s_maxForeignWait)
            {
                remaining = s_maxForeignWait;
            }

            if (ForeignSignal.Wait(remaining))
            {
                return;
            }

            throw new LoopBudgetExceededException($"The loop idled for {remaining} waiting for work from other threads (LoopOptions.Escapes is Wait) and none came: a deadlock, or foreign work that never finishes.{Environment.NewLine}{DescribeTasks()}", wallClock: true);
        }

        if (!_controlsForeign && ForeignSignal.Wait(s_uncontrolledGrace))
        {
            // Without thread-pool control (LoopOptions.ControlThreadPool = false) the loop cannot know whether work it sent to the
            // pool is still coming back, so it waits a moment for it, as it did before control existed.
            return;
        }

        if (_foreignPending != 0 || _uncontrolledPending != 0)
        {
            return;
        }

        if (DescribeUncontrolledWhileBlocked() is { } escape)
        {
            throw new UncontrolledConcurrencyException(escape);
        }

        if (_describesSteps)
        {
            NoteBlocked();
        }

        throw new DeadlockException(DescribeDeadlock());
    }

    /// <summary>For a trace: the step running now made <paramref name="key"/> (a posted item's state, a task, a timer firing)
    /// ready, or armed it; nothing outside a step.</summary>
    internal void NoteWake(object key)
    {
        if (_describesSteps && _inStep)
        {
            _observer!.OnWake(key, _runningStep);
        }
    }

    /// <summary>For a trace of a deadlock: every blocked task and where it waits.</summary>
    private void NoteBlocked()
    {
        var blocked = new List<(LoopTask Task, string WaitsAt)>();
        foreach (LoopTask task in SortedById(_liveTasks))
        {
            if (task.State != LoopTaskState.New && !IsCurrent(task) && task.ReadyRefs == 0)
            {
                blocked.Add((task, DescribeWait(task)));
            }
        }

        _observer!.OnDeadlock(blocked);
    }

    private void WindDown()
    {
        if (_liveTasks.Count == 0)
        {
            if (IndexOfForeignEntry() >= 0)
            {
                // Thread-pool work main started and did not wait for (a fire-and-forget Task.Run) runs to its end here, under the
                // loop's control and in schedule order, instead of racing the code that runs after the loop returns.
                MarkWindDown();
                RunSteps(windingDown: true);
            }

            return;
        }

        if (_options.LeftoverTasks == LeftoverTaskPolicy.Fail)
        {
            throw new LeftoverTasksException($"Main returned while {_liveTasks.Count} task(s) were unfinished (LoopOptions.LeftoverTasks is Fail):{Environment.NewLine}{DescribeTasks()}");
        }

        MarkWindDown();
        foreach (LoopTask task in SortedById(_liveTasks))
        {
            task.Cancel();
        }

        // Run what is ready (and timers already due) until nothing is, without advancing the clock.
        RunSteps(windingDown: true);
    }

    private void CheckUnobservedExceptions()
    {
        if (_options.UnobservedTaskExceptions == UnobservedExceptionPolicy.Ignore || _main!.PromiseTask.IsFaulted)
        {
            return;
        }

        var unobserved = _faultedTasks.Where(t => !t.IsObserved).ToList();
        if (unobserved.Count == 1)
        {
            ExceptionDispatchInfo.Throw(unobserved[0].PromiseTask.Exception!.InnerException!);
        }

        if (unobserved.Count > 1)
        {
            throw new AggregateException(
                $"{unobserved.Count} tasks faulted and nobody observed their exceptions: {string.Join(", ", unobserved.Select(t => $"'{t.Name}'"))}.",
                unobserved.SelectMany(t => t.PromiseTask.Exception!.InnerExceptions));
        }
    }

    private TimeSpan RemainingWallClock()
    {
        if (_options.WallClockTimeout == Timeout.InfiniteTimeSpan)
        {
            return Timeout.InfiniteTimeSpan;
        }

        TimeSpan remaining = _options.WallClockTimeout - _wallClock.Elapsed;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private void CheckWallClock()
    {
        if (_options.WallClockTimeout != Timeout.InfiniteTimeSpan && _wallClock.Elapsed > _options.WallClockTimeout)
        {
            throw new LoopBudgetExceededException($"The run exceeded LoopOptions.WallClockTimeout ({_options.WallClockTimeout}) after {_stepCount:N0} steps.{Environment.NewLine}{DescribeTasks()}", wallClock: true);
        }
    }

    private string DescribeDeadlock()
    {
        var text = new StringBuilder();
        text.Append("Deadlock: the ready queue is empty, no timer is pending, nothing outside the loop is under way, and main has not finished");
        text.Append(" (after ").Append(_stepCount.ToString("N0")).Append(" steps, at virtual time ").Append(Clock.Elapsed).AppendLine(").");
        text.Append(DescribeTasks());
        if (_asyncVoidPending > 0)
        {
            text.AppendLine().Append(_asyncVoidPending).Append(" async void operation(s) have not completed.");
        }

        return text.ToString();
    }

    /// <summary>One line per unfinished task: name, state, and where it waits.</summary>
    internal string DescribeTasks()
    {
        var text = new StringBuilder();
        List<LoopTask> tasks = SortedById(_liveTasks);
        text.Append(tasks.Count).Append(tasks.Count == 1 ? " unfinished task:" : " unfinished tasks:");
        foreach (LoopTask task in tasks)
        {
            text.AppendLine().Append("  task '").Append(task.Name).Append("' (#").Append(task.Id).Append(") ");
            if (task.State == LoopTaskState.New)
            {
                text.Append("not started");
            }
            else if (IsCurrent(task))
            {
                text.Append("running (this step)");
            }
            else if (task.ReadyRefs > 0)
            {
                text.Append("runnable");
            }
            else
            {
                text.Append("blocked at ").Append(task.SuspendedAt ?? "an unknown await");
            }
        }

        DescribeParked(text);
        return text.ToString();
    }
}
