using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>Reads, from the stack, what kind of synchronous wait a thread of the loop entered.</summary>
/// <remarks>
/// Every blocking wait of a thread whose SynchronizationContext asks for wait notifications comes to its Wait method: the waits the
/// code under test makes (Task.Wait, .Result, Monitor.Wait, SemaphoreSlim.Wait...), but also lock contention inside the runtime
/// (a resource lookup, a type initializer). Only a condition wait is something the loop may run other work for, or report as a
/// deadlock; anything else just waits, and so does a wait inside I/O or process code (System.IO, System.Net, System.Diagnostics.Process,
/// data providers), which something outside the loop (the operating system) ends. A deadlock is thrown out of the wait only where the
/// exception lands in a task (an async method, a task's delegate, or the loop's own step), never into a continuation callback, where
/// it would end the process.
/// </remarks>
internal static class BlockingWaits
{
    private static readonly string[] s_ioNamespaces = ["System.IO", "System.Net", "System.Data", "Microsoft.Data", "System.Diagnostics.Process"];

    /// <summary>Inspects the current stack: is this a condition wait that only the loop's own work could end (not a lock, not I/O),
    /// may an exception be thrown out of it, and is it a wait on a WaitHandle (whose handle may be a Mutex: only the waiting thread
    /// itself may acquire it).</summary>
    internal static (bool Condition, bool SafeToThrow, bool OnHandle) Inspect()
    {
        StackFrame[] frames = new StackTrace(1, fNeedFileInfo: false).GetFrames();

        // Read the runtime's threading frames up to the first frame of other code: a lock anywhere among them (Monitor.Enter,
        // System.Threading.Lock, whose slow path waits on a WaitHandle) makes it a lock wait, whatever wait API sits inside it.
        int api = -1;
        int i = 0;
        while (i < frames.Length && frames[i].GetMethod()?.DeclaringType?.Assembly == typeof(BlockingWaits).Assembly)
        {
            i++; // the loop's own wait hook
        }

        for (; i < frames.Length; i++)
        {
            MethodBase? method = frames[i].GetMethod();
            string ns = method?.DeclaringType?.Namespace ?? string.Empty;
            if (!ns.StartsWith("System.Threading", StringComparison.Ordinal))
            {
                break;
            }

            switch (Kind(method))
            {
                case FrameKind.Lock:
                    return (false, false, false);
                case FrameKind.ConditionWait when api < 0:
                    api = i;
                    break;
            }
        }

        if (api < 0)
        {
            return (false, false, false);
        }

        bool onHandle = frames[api].GetMethod()?.DeclaringType is { } waitType && typeof(WaitHandle).IsAssignableFrom(waitType);

        for (; i < frames.Length; i++)
        {
            if (frames[i].GetMethod() is not { } method)
            {
                continue;
            }

            if (IsIo(method))
            {
                return (false, false, false);
            }

            if (IsAsyncMoveNext(method) || IsTaskBody(method) || IsLoopBoundary(method))
            {
                return (true, true, onHandle);
            }

            if (IsContinuationDispatch(method))
            {
                return (true, false, onHandle);
            }
        }

        return (true, false, onHandle);
    }

    private enum FrameKind
    {
        Other,
        Lock,
        ConditionWait,
    }

    private static FrameKind Kind(MethodBase? method)
    {
        Type? type = method?.DeclaringType;
        if (type is null)
        {
            return FrameKind.Other;
        }

        string name = method!.Name;
        if (type == typeof(Monitor))
        {
            return name.Contains("Wait", StringComparison.Ordinal) ? FrameKind.ConditionWait : name.Contains("Enter", StringComparison.Ordinal) ? FrameKind.Lock : FrameKind.Other;
        }

        if (type == typeof(Lock) || type == typeof(ReaderWriterLockSlim) || type == typeof(SpinLock) || type.Name == "AwareLock")
        {
            return FrameKind.Lock;
        }

        if ((type == typeof(ManualResetEventSlim) || type == typeof(SemaphoreSlim) || type == typeof(CountdownEvent)) && name.StartsWith("Wait", StringComparison.Ordinal))
        {
            return FrameKind.ConditionWait;
        }

        if (type == typeof(Barrier) && name == "SignalAndWait")
        {
            return FrameKind.ConditionWait;
        }

        if (typeof(WaitHandle).IsAssignableFrom(type) && name.StartsWith("Wait", StringComparison.Ordinal))
        {
            return FrameKind.ConditionWait;
        }

        if (type == typeof(Thread) && name == "Join")
        {
            return FrameKind.ConditionWait;
        }

        if (typeof(Task).IsAssignableFrom(type) && (name.Contains("Wait", StringComparison.Ordinal) || name == "GetResultCore"))
        {
            return FrameKind.ConditionWait;
        }

        return FrameKind.Other;
    }

    private static bool IsIo(MethodBase method)
    {
        string ns = method.DeclaringType?.Namespace ?? string.Empty;
        foreach (string io in s_ioNamespaces)
        {
            if (ns.StartsWith(io, StringComparison.Ordinal) && (ns.Length == io.Length || ns[io.Length] == '.'))
            {
                return true;
            }
        }

        return method.DeclaringType?.FullName == "System.Diagnostics.Process";
    }

    private static bool IsAsyncMoveNext(MethodBase method) =>
        method.Name == "MoveNext" && method.DeclaringType is { } type && typeof(IAsyncStateMachine).IsAssignableFrom(type);

    private static bool IsTaskBody(MethodBase method) =>
        method.DeclaringType == typeof(Task) && method.Name is "InnerInvoke" or "ExecuteWithThreadLocal" or "ExecuteEntryUnsafe" or "ExecuteEntry";

    // The loop's own frames that catch what the code they call throws: a step (the run fails with it), a task's first step and an
    // eager coroutine's synchronous part (the task faults with it). In an optimised build the JIT may inline RunEntry into Step
    // (and Step into RunSteps): the frame that shows is then the one it was inlined into.
    private static bool IsLoopBoundary(MethodBase method) =>
        (method.DeclaringType == typeof(AsynkitLoop) && method.Name is "RunEntry" or "Step" or "RunSteps" or "RunInLazyIdentity")
        || (method.DeclaringType == typeof(LoopTask) && method.Name == "Start");

    private static bool IsContinuationDispatch(MethodBase method)
    {
        Type? type = method.DeclaringType;
        return type?.Namespace == "System.Threading.Tasks"
            && (type.Name.Contains("Continuation", StringComparison.Ordinal)
                || method.Name is "RunContinuations" or "FinishContinuations" or "FinishStageTwo" or "FinishStageThree" or "TrySetResult" or "TrySetException" or "TrySetCanceled");
    }
}
