using System.ComponentModel;
using Asynkit.Testing.Exploration;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>A test case of an [AsynkitFact] method or of one serializable [AsynkitTheory] row: each schedule runs the test on a
/// fresh <see cref="AsynkitLoop"/> with a fresh test class instance.</summary>
public class AsynkitTestCase : XunitTestCase
{
    /// <summary>The trait every Asynkit test carries, with its <see cref="AsynkitMode"/> as the value: <c>--filter Asynkit=Exploration</c>.</summary>
    public const string TraitName = "Asynkit";

    private TestSettings _settings = TestSettings.Default;

    /// <summary>For the deserializer only.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public AsynkitTestCase()
    {
    }

    /// <summary>Creates the test case; the Asynkit settings come from the method's [AsynkitFact] or [AsynkitTheory].</summary>
    public AsynkitTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, object[]? testMethodArguments = null)
        : this(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, SettingsOf(testMethod), testMethodArguments)
    {
    }

    internal AsynkitTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, TestSettings settings, object[]? testMethodArguments)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
    }

    /// <summary>How this test runs: one FIFO run, an exploration, or a replay (before ASYNKIT_* variables apply).</summary>
    public AsynkitMode Mode => (AsynkitMode)_settings.Mode;

    internal TestSettings Settings => _settings;

    /// <inheritdoc/>
    public override Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        new AsynkitTestCaseRunner(this, DisplayName, SkipReason, constructorArguments, TestMethodArguments, messageBus, aggregator, cancellationTokenSource).RunAsync();

    /// <inheritdoc/>
    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        base.Serialize(data);
        SettingsSerialization.Serialize(_settings, data);
    }

    /// <inheritdoc/>
    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);

        // Before base.Deserialize: it initializes the test case, and Initialize reads the settings for the trait.
        _settings = SettingsSerialization.Deserialize(data);
        base.Deserialize(data);
    }

    /// <inheritdoc/>
    protected override void Initialize()
    {
        base.Initialize();
        Traits[TraitName] = [_settings.Mode.ToString()];
    }

    private static TestSettings SettingsOf(ITestMethod testMethod)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        IAttributeInfo? attribute = testMethod.Method.GetCustomAttributes(typeof(FactAttribute)).FirstOrDefault();
        return attribute is null ? TestSettings.Default : SettingsSerialization.FromAttribute(attribute);
    }
}
