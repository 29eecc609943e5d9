using System.ComponentModel;
using System.Runtime.CompilerServices;
using Asynkit.Testing.Exploration;
using Xunit.Sdk;
using Xunit.v3;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>A test case of an [AsynkitFact] method or of one [AsynkitTheory] row (xunit v3): it runs itself, every schedule on a
/// fresh <see cref="AsynkitLoop"/> with a fresh test class instance.</summary>
public class AsynkitTestCase : XunitTestCase, ISelfExecutingXunitTestCase
{
    /// <summary>The trait every Asynkit test carries, with its <see cref="AsynkitMode"/> as the value: <c>--filter Asynkit=Exploration</c>.</summary>
    public const string TraitName = "Asynkit";

    private TestSettings _settings = TestSettings.Default;
    private string? _error;

    /// <summary>For the deserializer only.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public AsynkitTestCase()
    {
    }

    private AsynkitTestCase(XunitTestCase from, TestSettings settings, string? error)
        : base(from.TestMethod, from.TestCaseDisplayName, from.UniqueID, from.Explicit, from.SkipExceptions, from.SkipReason, from.SkipType, from.SkipUnless, from.SkipWhen,
            TraitsOf(from, settings), from.TestMethodArguments, from.SourceFilePath, from.SourceLineNumber, from.Timeout)
    {
        _settings = settings;
        _error = error;
    }

    /// <summary>How this test runs: one FIFO run, an exploration, or a replay (before ASYNKIT_* variables apply).</summary>
    public AsynkitMode Mode => (AsynkitMode)_settings.Mode;

    internal TestSettings Settings => _settings;

    /// <summary>Why the test cannot run (an invalid setting, an async void method), reported as its failure; or null.</summary>
    internal string? Error => _error;

    /// <inheritdoc/>
#if XUNIT4
    public async ValueTask<RunSummary> Run(ExplicitOption explicitOption, IMessageBus messageBus, object?[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource, ParallelMode parallelMode, ExecutionScheduler scheduler, FixtureMappingManager methodFixtureMappings)
#else
    public async ValueTask<RunSummary> Run(ExplicitOption explicitOption, IMessageBus messageBus, object?[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
#endif
    {
        IReadOnlyCollection<IXunitTest> tests = await aggregator.RunAsync(CreateTests, []);
#if XUNIT4
        return await AsynkitTestCaseRunner.Instance.Run(this, tests, messageBus, aggregator, cancellationTokenSource, parallelMode, scheduler, TestCaseDisplayName, SkipReason, explicitOption, constructorArguments, methodFixtureMappings);
#else
        return await AsynkitTestCaseRunner.Instance.Run(this, tests, messageBus, aggregator, cancellationTokenSource, TestCaseDisplayName, SkipReason, explicitOption, constructorArguments);
#endif
    }

    /// <summary>Our test case for what xunit's discoverer made of the method (or row), with the attribute's settings.</summary>
    internal static AsynkitTestCase From(IXunitTestCase discovered, TestSettings settings, string attributeName, string? error = null)
    {
        var from = (XunitTestCase)discovered;
        bool asyncVoid = from.TestMethod.Method.ReturnType == typeof(void) && from.TestMethod.Method.GetCustomAttributes(typeof(AsyncStateMachineAttribute), false).Length > 0;
        error ??= settings.Validate(attributeName)
            ?? (asyncVoid ? $"[{attributeName}] methods cannot be async void: nothing can await them. Return Task (or ValueTask) instead." : null);
        return new AsynkitTestCase(from, settings, error);
    }

    /// <inheritdoc/>
    protected override void Serialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        base.Serialize(info);
        SettingsFields.Write(_settings, info.AddValue);
        info.AddValue("Asynkit.Error", _error, typeof(string));
    }

    /// <inheritdoc/>
    protected override void Deserialize(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        base.Deserialize(info);
        _settings = SettingsFields.Read((key, _) => info.GetValue(key));
        _error = (string?)info.GetValue("Asynkit.Error");
    }

    private static Dictionary<string, HashSet<string>> TraitsOf(XunitTestCase from, TestSettings settings)
    {
        var traits = from.Traits.ToDictionary(pair => pair.Key, pair => new HashSet<string>(pair.Value), StringComparer.OrdinalIgnoreCase);
        traits[TraitName] = [settings.Mode.ToString()];
        return traits;
    }
}
