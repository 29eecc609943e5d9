using System.Reflection;
using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>Reads which real-time timers are still scheduled, from the runtime's timer queues.</summary>
/// <remarks>The runtime reports when a timer is armed but not when it is disposed or stopped, so whether a timer the loop's code
/// armed still matters is read from the TimerQueue instances themselves (private fields; if they cannot be read, every armed timer
/// counts as pending).</remarks>
internal static class RealTimeTimers
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
    private static readonly Type? s_queueType = Type.GetType("System.Threading.TimerQueue");
    private static readonly Type? s_timerType = Type.GetType("System.Threading.TimerQueueTimer");
    private static readonly PropertyInfo? s_instances = s_queueType?.GetProperty("Instances", Any);
    private static readonly PropertyInfo? s_sharedLock = s_queueType?.GetProperty("SharedLock", Any);
    private static readonly FieldInfo? s_shortTimers = s_queueType?.GetField("_shortTimers", Any);
    private static readonly FieldInfo? s_longTimers = s_queueType?.GetField("_longTimers", Any);
    private static readonly FieldInfo? s_next = s_timerType?.GetField("_next", Any);

    /// <summary>True when the runtime's timer queues can be read.</summary>
    internal static bool CanRead => s_instances is not null && s_sharedLock is not null && s_shortTimers is not null && s_longTimers is not null && s_next is not null;

    /// <summary>The hash codes of every scheduled timer of the process, or null when they cannot be read.</summary>
    internal static HashSet<long>? ScheduledIds()
    {
        if (!CanRead)
        {
            return null;
        }

        try
        {
            var ids = new HashSet<long>();
            foreach (object? queue in (Array)s_instances!.GetValue(null)!)
            {
                if (queue is null || s_sharedLock!.GetValue(queue) is not Lock gate)
                {
                    continue;
                }

                using (gate.EnterScope())
                {
                    Collect(s_shortTimers!.GetValue(queue), ids);
                    Collect(s_longTimers!.GetValue(queue), ids);
                }
            }

            return ids;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static void Collect(object? timer, HashSet<long> ids)
    {
        for (int guard = 0; timer is not null && guard < 1_000_000; guard++)
        {
            ids.Add(timer.GetHashCode());
            ids.Add(RuntimeHelpers.GetHashCode(timer));
            timer = s_next!.GetValue(timer);
        }
    }
}
