using System.Reflection;
using Asynkit.Testing.Exploration;
using Asynkit.Testing.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>Runs xunit's own discovery and our test cases programmatically, the way the runner does, with a spy message bus.</summary>
internal static class XunitHarness
{
    /// <summary>The test cases xunit's discoverer finds in <paramref name="type"/> (through the attributes' discoverer type names).</summary>
    public static IReadOnlyList<IXunitTestCase> Discover(Type type, string? method = null, bool preEnumerateTheories = true)
    {
        using var discoverer = new ExposedDiscoverer(type.Assembly);
        var bus = new SpyMessageBus();
        discoverer.FindTestsIn(type, bus, new DiscoveryOptions(preEnumerateTheories));
        return bus.OfType<ITestCaseDiscoveryMessage>()
            .Select(m => (IXunitTestCase)m.TestCase)
            .Where(c => method is null || c.TestMethod.Method.Name == method)
            .ToList();
    }

    /// <summary>The single test case of <paramref name="type"/>.<paramref name="method"/>.</summary>
    public static IXunitTestCase DiscoverOne(Type type, string method)
    {
        IReadOnlyList<IXunitTestCase> cases = Discover(type, method);
        cases.Count.ShouldBe(1, $"{type.Name}.{method} should have exactly one test case");
        return cases[0];
    }

    /// <summary>An xunit ITestMethod for a method, as discovery builds it.</summary>
    public static ITestMethod TestMethodOf(Type type, string method)
    {
        var assembly = new TestAssembly(Reflector.Wrap(type.Assembly));
        var collection = new TestCollection(assembly, null, "harness");
        var testClass = new TestClass(collection, Reflector.Wrap(type));
        MethodInfo info = type.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            ?? throw new ArgumentException($"{type.Name} has no method {method}.", nameof(method));
        return new TestMethod(testClass, Reflector.Wrap(info));
    }

    /// <summary>Runs a test case as xunit's test method runner would; returns the messages and the summary.</summary>
    public static async Task<(SpyMessageBus Bus, RunSummary Summary)> RunAsync(IXunitTestCase testCase, params object[] constructorArguments)
    {
        var bus = new SpyMessageBus();
        using var cancellation = new CancellationTokenSource();
        RunSummary summary = await testCase.RunAsync(new NullMessageSink(), bus, constructorArguments, new ExceptionAggregator(), cancellation);
        return (bus, summary);
    }

    /// <summary>Runs a test case with the given ASYNKIT_* variables instead of the process environment.</summary>
    public static async Task<(SpyMessageBus Bus, RunSummary Summary)> RunWithEnvironmentAsync(IXunitTestCase testCase, IReadOnlyDictionary<string, string> environment, params object[] constructorArguments)
    {
        using (AsynkitEnvironment.Use(environment))
        {
            return await RunAsync(testCase, constructorArguments);
        }
    }

    /// <summary>The failure message (with the inner exception chain) of the only failed test in <paramref name="bus"/>.</summary>
    public static ITestFailed SingleFailure(SpyMessageBus bus)
    {
        IReadOnlyList<ITestFailed> failures = bus.OfType<ITestFailed>();
        failures.Count.ShouldBe(1, "exactly one test should have failed");
        return failures[0];
    }

    private sealed class ExposedDiscoverer(Assembly assembly)
        : XunitTestFrameworkDiscoverer(Reflector.Wrap(assembly), new NoSourceInformation(), new NullMessageSink())
    {
        public void FindTestsIn(Type type, IMessageBus bus, ITestFrameworkDiscoveryOptions options) =>
            FindTestsForType(CreateTestClass(Reflector.Wrap(type)), false, bus, options);
    }

    private sealed class NoSourceInformation : LongLivedMarshalByRefObject, ISourceInformationProvider
    {
        public ISourceInformation GetSourceInformation(ITestCase testCase) => new SourceInformation();

        public void Dispose()
        {
        }
    }

    private sealed class DiscoveryOptions(bool preEnumerateTheories) : ITestFrameworkDiscoveryOptions
    {
        private readonly Dictionary<string, object?> _values = new() { ["xunit.discovery.PreEnumerateTheories"] = preEnumerateTheories };

        public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out object? value) && value is TValue typed ? typed : default!;

        public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
    }
}
