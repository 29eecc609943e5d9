using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>A message bus that drops every message: the test output of schedules that are not streamed live.</summary>
internal sealed class DiscardingMessageBus : IMessageBus
{
    public static readonly DiscardingMessageBus Instance = new();

    public bool QueueMessage(IMessageSinkMessage message) => true;

    public void Dispose()
    {
    }
}
