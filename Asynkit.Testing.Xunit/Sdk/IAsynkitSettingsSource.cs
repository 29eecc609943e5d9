using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>An attribute whose named properties forward to one <see cref="TestSettings"/> record.</summary>
internal interface IAsynkitSettingsSource
{
    /// <summary>The settings the attribute's named properties set.</summary>
    TestSettings Settings { get; }
}
