using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Forwards messages from the loop thread until the test is over; after <see cref="Close"/> it drops them, so that an
/// abandoned loop thread that wakes up later cannot send messages for a test the runner has already finished.</summary>
internal sealed class GatedMessageBus(IMessageBus inner) : IMessageBus
{
    private volatile bool _closed;

    public bool QueueMessage(IMessageSinkMessage message) => _closed || inner.QueueMessage(message);

    /// <summary>Drops every later message.</summary>
    public void Close() => _closed = true;

    /// <summary>Does not dispose the runner's bus: xunit owns it.</summary>
    public void Dispose() => Close();
}
