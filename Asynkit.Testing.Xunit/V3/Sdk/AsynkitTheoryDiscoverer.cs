using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Discovers the test cases of an <see cref="AsynkitTheoryAttribute"/> method (xunit v3): one per data row, each
/// explored on its own.</summary>
public class AsynkitTheoryDiscoverer : TheoryDiscoverer
{
    /// <inheritdoc/>
#if XUNIT4
    protected override async ValueTask<IReadOnlyCollection<IXunitTestCase>> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, ITheoryAttribute theoryAttribute, ITheoryDataRow dataRow, object?[] testMethodArguments, string? index)
    {
        IReadOnlyCollection<IXunitTestCase> cases = await base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, testMethodArguments, index);
#else
    protected override async ValueTask<IReadOnlyCollection<IXunitTestCase>> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, ITheoryAttribute theoryAttribute, ITheoryDataRow dataRow, object?[] testMethodArguments)
    {
        IReadOnlyCollection<IXunitTestCase> cases = await base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow, testMethodArguments);
#endif
        return [.. cases.Select(c => AsynkitTestCase.From(c, AsynkitFactDiscoverer.SettingsOf(theoryAttribute), "AsynkitTheory"))];
    }

    /// <summary>Rows xunit cannot pre-enumerate: a failing test that says how to make them explorable (rows enumerated at run
    /// time would otherwise run off the loop).</summary>
    protected override async ValueTask<IReadOnlyCollection<IXunitTestCase>> CreateTestCasesForTheory(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, ITheoryAttribute theoryAttribute)
    {
        IReadOnlyCollection<IXunitTestCase> cases = await base.CreateTestCasesForTheory(discoveryOptions, testMethod, theoryAttribute);
        return [.. cases.Select(c => AsynkitTestCase.From(c, AsynkitFactDiscoverer.SettingsOf(theoryAttribute), "AsynkitTheory",
            "[AsynkitTheory] explores each data row on its own, so xunit must enumerate the rows at discovery: make every row serializable (InlineData, or MemberData of serializable values / IXunitSerializable) and leave DisableDiscoveryEnumeration off."))];
    }
}
