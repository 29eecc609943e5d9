using System.Collections;
using System.Reflection;

namespace Asynkit.Testing;

/// <summary>Takes the real-time slice out of <see cref="Parallel.For(int, int, Action{int})"/> and
/// <see cref="Parallel.ForEach{TSource}(IEnumerable{TSource}, Action{TSource})"/> workers while the loop controls them.</summary>
/// <remarks>
/// <para>Parallel runs its bodies in the replicas of an internal TaskReplicator: the root replica on the calling thread, each
/// other one as a Task on the thread pool. Every replica but the root gives its thread back after a slice of 100 or 150 ms of
/// real time (Environment.TickCount, checked after each chunk of iterations) and queues a new Task to go on: cooperative
/// multitasking for a busy pool. Under the loop, replicas run one at a time as turns, so the slice decides nothing about
/// the interleaving; it only decides how many work items the loop sees, and that depends on how fast the machine is. A body that
/// waits for the loop's other work (a parked turn) can pass 100 ms on a loaded machine, and the same schedule then had one
/// more ready item than on an idle one (the determinism check caught it).</para>
/// <para>So when loop code queues a replica's Task, every replica of that Parallel call is given the root's slice (which never runs out): the work items, their order and the schedule then depend on the schedule alone. The replica
/// has not started yet: the loop holds its Task until it grants it a turn. Found by reflection over the runtime's private fields;
/// when a runtime lacks them, nothing changes (and such a run is no more deterministic than before).</para>
/// </remarks>
internal static class ParallelReplicas
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly Type? s_replica = typeof(Parallel).Assembly.GetType("System.Threading.Tasks.TaskReplicator+Replica");
    private static readonly FieldInfo? s_replicator = s_replica?.GetField("_replicator", Instance);
    private static readonly FieldInfo? s_timeout = s_replica?.GetField("_timeout", Instance) is { } field && (field.FieldType == typeof(long) || field.FieldType == typeof(int)) ? field : null;
    private static readonly FieldInfo? s_pendingReplicas = s_replicator?.FieldType.GetField("_pendingReplicas", Instance);

    /// <summary>The root replica's slice, which never runs out, boxed as the field's type: long.MaxValue milliseconds since .NET 9
    /// (a deadline of TickCount64 plus it wraps round to "never"), int.MaxValue / 2 before.</summary>
    private static readonly object? s_unsliced = s_timeout?.FieldType == typeof(int) ? int.MaxValue / 2 : long.MaxValue;

    /// <summary>The root replica's slice, as a number (for tests).</summary>
    internal static long Unsliced => Convert.ToInt64(s_unsliced, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>True when this runtime has the fields the loop needs (tests check it, so that a runtime change shows).</summary>
    internal static bool Supported => s_replica is not null && s_replicator is not null && s_timeout is not null && s_pendingReplicas is not null;

    /// <summary>Called when loop code queues thread-pool work, with the Task running on that thread: when it is a Parallel
    /// replica's (which queues another replica, or itself again), every replica of its Parallel call loses its time slice.</summary>
    internal static void Unslice(Task? running)
    {
        if (ReplicaOf(running) is not { } replica)
        {
            return;
        }

        try
        {
            if (s_replicator!.GetValue(replica) is { } replicator && s_pendingReplicas!.GetValue(replicator) is IEnumerable replicas)
            {
                // A snapshot: the root thread dequeues replicas as it waits for them, and this thread may add one.
                foreach (object pending in replicas)
                {
                    if (!s_unsliced!.Equals(s_timeout!.GetValue(pending)))
                    {
                        s_timeout.SetValue(pending, s_unsliced);
                    }
                }
            }
        }
        catch (Exception)
        {
            // Called inside the thread pool's enqueue event: never throw there.
        }
    }

    /// <summary>The time slice of the replica behind <paramref name="running"/>, or null when it is not one (for tests).</summary>
    internal static long? SliceOf(Task? running) =>
        ReplicaOf(running) is { } replica ? Convert.ToInt64(s_timeout!.GetValue(replica), System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The TaskReplicator replica <paramref name="running"/> executes, or null (not a replica's Task, or a runtime without
    /// the fields).</summary>
    private static object? ReplicaOf(Task? running) =>
        Supported && running?.AsyncState is { } state && s_replica!.IsInstanceOfType(state) ? state : null;
}
