using Asynkit.Testing.Exploration;
using Xunit.Abstractions;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>The <see cref="TestSettings"/> of an [AsynkitFact] or [AsynkitTheory], as discovered and as serialized with a test case.</summary>
internal static class SettingsSerialization
{
    /// <summary>The settings of an [AsynkitFact] or [AsynkitTheory] (or of any other FactAttribute: the defaults).</summary>
    public static TestSettings FromAttribute(IAttributeInfo attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return attribute is IReflectionAttributeInfo { Attribute: IAsynkitSettingsSource source } ? source.Settings : TestSettings.Default;
    }

    /// <summary>Reads the settings written by <see cref="Serialize"/>.</summary>
    public static TestSettings Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return SettingsFields.Read(data.GetValue);
    }

    /// <summary>Writes every setting (<see cref="SettingsFields"/>).</summary>
    public static void Serialize(TestSettings settings, IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        SettingsFields.Write(settings, data.AddValue);
    }
}
