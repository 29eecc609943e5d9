using System.Diagnostics.Tracing;

namespace Asynkit.Testing;

/// <summary>Listens, in process, to the runtime's FrameworkEventSource: thread-pool enqueues and dequeues (with the work item's
/// hash code) and real-time timer arming and firing. These events are raised synchronously on the thread that does the work, which
/// is what lets the loop see, at the moment it happens, that its own code queued work or armed a real timer.</summary>
internal sealed class PoolEventListener : EventListener
{
    private const string FrameworkSource = "System.Diagnostics.Eventing.FrameworkEventSource";
    private const int ThreadPoolEnqueueWork = 30;
    private const int ThreadPoolDequeueWork = 31;
    private const int ThreadTransferSend = 150;
    private const int ThreadTransferReceive = 151;
    private const int TimerTransferKind = 1;

    // ThreadPool (0x2) | ThreadTransfer (0x10): the thread pool logs its queue only when both are asked for at Verbose.
    private const EventKeywords Keywords = (EventKeywords)0x12;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == FrameworkSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, Keywords);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // The loop's own bookkeeping below may wait for a lock: never as a wait of the code under test.
        using var internalWait = ForeignControl.EnterInternalWait();
        try
        {
            switch (eventData.EventId)
            {
                case ThreadPoolEnqueueWork:
                    ForeignControl.OnEnqueue(Id(eventData) & ForeignControl.IdMask);
                    break;
                case ThreadPoolDequeueWork:
                    ForeignControl.OnDequeue(Id(eventData) & ForeignControl.IdMask);
                    break;
                case ThreadTransferSend when Kind(eventData) == TimerTransferKind:
                    ForeignControl.OnTimerArmed(Id(eventData), Int(eventData, 4), Int(eventData, 5));
                    break;
                case ThreadTransferReceive when Kind(eventData) == TimerTransferKind:
                    ForeignControl.OnTimerFired(Id(eventData));
                    break;
            }
        }
        catch (Exception)
        {
            // Never throw into the runtime's event dispatch.
        }
    }

    private static long Id(EventWrittenEventArgs e) => Convert.ToInt64(e.Payload![0], System.Globalization.CultureInfo.InvariantCulture);

    private static int Kind(EventWrittenEventArgs e) => e.Payload is { Count: > 1 } p ? Convert.ToInt32(p[1], System.Globalization.CultureInfo.InvariantCulture) : -1;

    private static int Int(EventWrittenEventArgs e, int index) =>
        e.Payload is { } p && p.Count > index ? Convert.ToInt32(p[index], System.Globalization.CultureInfo.InvariantCulture) : -1;
}
