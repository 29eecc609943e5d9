using Asynkit.Testing.Exploration;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Discovers the test case of an <see cref="AsynkitFactAttribute"/> method.</summary>
public class AsynkitFactDiscoverer : FactDiscoverer
{
    /// <summary>This type's full name, as <see cref="XunitTestCaseDiscovererAttribute"/> needs it (a typo makes tests vanish silently).</summary>
    public const string TypeName = "Asynkit.Testing.Xunit.Sdk.AsynkitFactDiscoverer";

    /// <summary>The simple name of the assembly that holds the discoverers.</summary>
    public const string AssemblyName = "Asynkit.Testing.Xunit";

    /// <summary>Creates the discoverer; xunit passes its diagnostic message sink.</summary>
    public AsynkitFactDiscoverer(IMessageSink diagnosticMessageSink)
        : base(diagnosticMessageSink)
    {
    }

    /// <inheritdoc/>
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        ArgumentNullException.ThrowIfNull(factAttribute);
        TestSettings settings = SettingsSerialization.FromAttribute(factAttribute);
        string? error = DiscoveryErrors.Find(testMethod, settings, "AsynkitFact");
        return error is not null
            ? new ExecutionErrorTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, error)
            : new AsynkitTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, settings, null);
    }
}
