using Asynkit.Testing.Exploration;
using Xunit.Sdk;
using Xunit.v3;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Discovers the test case of an <see cref="AsynkitFactAttribute"/> method (xunit v3).</summary>
public class AsynkitFactDiscoverer : FactDiscoverer
{
    /// <inheritdoc/>
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, IXunitTestMethod testMethod, IFactAttribute factAttribute)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        return AsynkitTestCase.From(base.CreateTestCase(discoveryOptions, testMethod, factAttribute), SettingsOf(factAttribute), "AsynkitFact");
    }

    internal static TestSettings SettingsOf(IFactAttribute attribute) =>
        attribute is IAsynkitSettingsSource source ? source.Settings : TestSettings.Default;
}
