using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Examples.Tests.Harness;

/// <summary>Discovers and runs one xunit test case programmatically, the way the runner does, and records its messages.</summary>
internal static class XunitRun
{
    /// <summary>The test cases xunit's discoverer finds for <paramref name="type"/>.<paramref name="method"/> (theory rows
    /// pre-enumerated), through the attributes' own discoverers.</summary>
    public static IReadOnlyList<IXunitTestCase> Discover(Type type, string method)
    {
        using var discoverer = new ExposedDiscoverer(type.Assembly);
        var bus = new RecordingBus();
        discoverer.FindTestsIn(type, bus);
        return [.. bus.Messages.OfType<ITestCaseDiscoveryMessage>()
            .Select(m => (IXunitTestCase)m.TestCase)
            .Where(c => c.TestMethod.Method.Name == method)];
    }

    /// <summary>Runs <paramref name="testCase"/>; returns every message it sent.</summary>
    public static async Task<IReadOnlyList<IMessageSinkMessage>> RunAsync(IXunitTestCase testCase)
    {
        var bus = new RecordingBus();
        using var cancellation = new CancellationTokenSource();
        await testCase.RunAsync(new NullMessageSink(), bus, [], new ExceptionAggregator(), cancellation);
        return bus.Messages;
    }

    private sealed class ExposedDiscoverer(Assembly assembly)
        : XunitTestFrameworkDiscoverer(Reflector.Wrap(assembly), new NoSourceInformation(), new NullMessageSink())
    {
        public void FindTestsIn(Type type, IMessageBus bus) =>
            FindTestsForType(CreateTestClass(Reflector.Wrap(type)), false, bus, new PreEnumeratingOptions());
    }

    private sealed class NoSourceInformation : LongLivedMarshalByRefObject, ISourceInformationProvider
    {
        public ISourceInformation GetSourceInformation(ITestCase testCase) => new SourceInformation();

        public void Dispose()
        {
        }
    }

    private sealed class PreEnumeratingOptions : ITestFrameworkDiscoveryOptions
    {
        private readonly Dictionary<string, object?> _values = new() { ["xunit.discovery.PreEnumerateTheories"] = true };

        public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out object? value) && value is TValue typed ? typed : default!;

        public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
    }

    /// <summary>Keeps every message (thread-safe: the loop thread sends some of them).</summary>
    private sealed class RecordingBus : IMessageBus
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
}
