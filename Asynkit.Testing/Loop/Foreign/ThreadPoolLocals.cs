using System.Reflection;

namespace Asynkit.Testing;

/// <summary>Detaches a thread's thread-pool work-stealing queue while it runs loop code, and puts it back afterwards.</summary>
/// <remarks>With its local queue detached, work a turn queues goes to the pool's global queue, and a Task.Wait on such work cannot
/// run it inline on the same thread unseen (an inlined item is never dequeued, so the loop would wait for it for ever); it parks
/// the turn instead. The queue lives in a private [ThreadStatic] field of the runtime; if it is not there, nothing is detached.</remarks>
internal static class ThreadPoolLocals
{
    private static readonly FieldInfo? s_field = Type.GetType("System.Threading.ThreadPoolWorkQueueThreadLocals")?
        .GetField("threadLocals", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static);

    /// <summary>Detaches this thread's local queue; returns it for <see cref="Attach"/> (null when the thread has none).</summary>
    internal static object? Detach()
    {
        if (s_field is null)
        {
            return null;
        }

        object? locals = s_field.GetValue(null);
        if (locals is not null)
        {
            s_field.SetValue(null, null);
        }

        return locals;
    }

    internal static void Attach(object? locals)
    {
        if (locals is not null)
        {
            s_field!.SetValue(null, locals);
        }
    }
}
