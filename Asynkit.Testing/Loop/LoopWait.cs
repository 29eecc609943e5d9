namespace Asynkit.Testing;

/// <summary>A wait the loop owns, made by one task for one await: the hook that lets <see cref="Scheduling.TaskThrow"/>,
/// <see cref="Scheduling.TaskInterrupt"/> and <see cref="Scheduling.TaskTimeout"/> wake that await early with an exception.</summary>
/// <remarks>
/// <para>An <c>await</c> on a Task calls GetResult on that Task when it resumes, so a third party can make it throw only by
/// completing that very Task. A LoopWait therefore owns a promise made for one waiter (the Task the waiter awaits), separate
/// from what it waits for: interrupting it fails the promise and leaves the awaited thing running.</para>
/// <para>Protocol for a subclass (Scheduling.Sleep, SleepInsert, TaskSwitch, Interruptible, and loop-owned primitives such as
/// locks): call <see cref="Begin"/> in the owner's step (false: a pending interrupt already failed the promise, do not start
/// waiting); when the awaited thing happens call <see cref="Wake"/>. The wake is a ready item owned by the waiting task
/// (so the task is runnable while it is queued, as after any completed await); when that item runs, <see cref="Complete"/>
/// or <see cref="Fail"/> sets the promise and the waiter's continuation runs inline in the same step. An interrupt replaces
/// the outcome with its exception, whether the wait is still blocked or already woken, and calls <see cref="OnInterrupted"/>
/// so the subclass stops waiting (disposes its timer, leaves a wait queue, or hands on what the wake granted).</para>
/// </remarks>
internal abstract class LoopWait
{
    private static readonly SendOrPostCallback s_wake = static state => ((LoopWait)state!).RunWake();

    private Exception? _interrupt;
    private bool _woken;
    private bool _done;

    protected LoopWait(LoopTask owner) => Owner = owner;

    /// <summary>The task that waits.</summary>
    internal LoopTask Owner { get; }

    /// <summary>The promise the waiter awaits.</summary>
    internal abstract Task Task { get; }

    /// <summary>True once a wake (or an interrupt) is queued and the outcome is decided.</summary>
    internal bool IsWoken => _woken;

    /// <summary>The exception an interrupt will deliver, while it is not yet delivered.</summary>
    internal Exception? PendingInterrupt => _done ? null : _interrupt;

    /// <summary>Registers the wait with its owner; false when a pending interrupt of the owner failed it at once.</summary>
    protected bool Begin()
    {
        if (Owner.PendingInterrupt is { } pending)
        {
            Owner.PendingInterrupt = null;
            _woken = true;
            _done = true;
            Fail(pending);
            return false;
        }

        (Owner.Waits ??= []).Add(this);
        return true;
    }

    /// <summary>The awaited thing happened: queue the owner's wake step (at the end of the ready queue, or wherever the loop
    /// redirects the post). Does nothing once woken or interrupted.</summary>
    protected void Wake()
    {
        if (_woken)
        {
            return;
        }

        _woken = true;
        if (Owner.IsCompleted)
        {
            // Nobody waits any more (the owner finished without awaiting this): settle without a step of a finished task.
            RunWake();
            return;
        }

        Owner.Context.Post(s_wake, this);
    }

    /// <summary>The awaited thing happened while the owner's own context is current (inside one of its steps): settle now,
    /// in this step, as a plain await's continuation would run inline. Does nothing once woken or interrupted.</summary>
    protected void WakeInline()
    {
        if (_woken)
        {
            return;
        }

        _woken = true;
        RunWake();
    }

    /// <summary>What the wake step resumes, for exploration traces (an await's continuation); null when unknown.</summary>
    internal virtual Delegate? Resumes => null;

    /// <summary>Sets the promise's normal outcome; runs in the owner's wake step.</summary>
    protected abstract void Complete();

    /// <summary>Fails the promise with <paramref name="exception"/>.</summary>
    protected abstract void Fail(Exception exception);

    /// <summary>Stop waiting: an interrupt took over. <paramref name="woken"/> is true when the awaited thing had already
    /// happened (give back what the wake granted, e.g. pass a lock on).</summary>
    protected virtual void OnInterrupted(bool woken)
    {
    }

    /// <summary>Delivers <paramref name="exception"/> at this wait: the owner's wake step goes to the end of the ready queue
    /// (replacing a queued one) and raises it. A second interrupt before delivery replaces the exception (the last wins).</summary>
    internal void Interrupt(Exception exception)
    {
        bool first = _interrupt is null;
        bool woken = _woken;
        _interrupt = exception;
        if (woken)
        {
            RemoveQueuedWake();
        }

        if (first)
        {
            OnInterrupted(woken);
        }

        _woken = true;
        Owner.Context.Post(s_wake, this);
    }

    private void RemoveQueuedWake()
    {
        AsynkitLoop loop = Owner.Loop;
        IReadOnlyList<ReadyItem> items = loop.ReadyItems;
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i].Task == Owner && items[i].State == this)
            {
                loop.ReadyPop(i);
                return;
            }
        }
    }

    private void RunWake()
    {
        if (_done)
        {
            return;
        }

        _done = true;
        Owner.Waits?.Remove(this);
        if (_interrupt is { } exception)
        {
            Fail(exception);
        }
        else
        {
            Complete();
        }
    }
}
