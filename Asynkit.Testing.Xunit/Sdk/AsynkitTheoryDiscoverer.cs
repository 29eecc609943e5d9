using Asynkit.Testing.Exploration;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Discovers the test cases of an <see cref="AsynkitTheoryAttribute"/> method: one per serializable data row, or one
/// that enumerates the rows at run time when some row cannot be serialized. Every row is explored independently.</summary>
public class AsynkitTheoryDiscoverer : TheoryDiscoverer
{
    /// <summary>This type's full name, as <see cref="XunitTestCaseDiscovererAttribute"/> needs it (a typo makes tests vanish silently).</summary>
    public const string TypeName = "Asynkit.Testing.Xunit.Sdk.AsynkitTheoryDiscoverer";

    /// <summary>The simple name of the assembly that holds the discoverers.</summary>
    public const string AssemblyName = AsynkitFactDiscoverer.AssemblyName;

    /// <summary>Creates the discoverer; xunit passes its diagnostic message sink.</summary>
    public AsynkitTheoryDiscoverer(IMessageSink diagnosticMessageSink)
        : base(diagnosticMessageSink)
    {
    }

    /// <inheritdoc/>
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        ArgumentNullException.ThrowIfNull(theoryAttribute);
        string? error = DiscoveryErrors.Find(testMethod, SettingsSerialization.FromAttribute(theoryAttribute), "AsynkitTheory");
        return error is not null
            ? [new ExecutionErrorTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, error)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
    }

    /// <summary>One serializable row: a test case of its own, explored on its own.</summary>
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(theoryAttribute);
        return [new AsynkitTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, SettingsSerialization.FromAttribute(theoryAttribute), dataRow)];
    }

    /// <summary>Rows that are not serializable (or not enumerable at discovery): one test case that enumerates them when it
    /// runs, and still explores every row.</summary>
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForTheory(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(theoryAttribute);
        return [new AsynkitTheoryTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, SettingsSerialization.FromAttribute(theoryAttribute))];
    }
}
