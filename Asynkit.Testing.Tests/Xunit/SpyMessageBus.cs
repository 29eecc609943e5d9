using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>Records every message a test case sends, in order (thread-safe: the loop thread sends some of them).</summary>
internal sealed class SpyMessageBus : IMessageBus
{
    private readonly List<IMessageSinkMessage> _messages = [];

    public IReadOnlyList<IMessageSinkMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<T> OfType<T>() => Messages.OfType<T>().ToList();

    /// <summary>The message type names with the leading I and the namespace dropped: "TestStarting", "TestPassed", ...</summary>
    public IReadOnlyList<string> Names => Messages.Select(m => m.GetType().Name).ToList();

    public bool QueueMessage(IMessageSinkMessage message)
    {
        lock (_messages)
        {
            _messages.Add(message);
        }

        return true;
    }

    public void Dispose()
    {
    }
}
