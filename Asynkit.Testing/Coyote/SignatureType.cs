namespace Asynkit.Testing.Coyote;

/// <summary>A type in a decoded metadata signature: its full name without type arguments ("System.ReadOnlySpan`1"),
/// and how to show it ("ReadOnlySpan&lt;Task&gt;").</summary>
internal sealed record SignatureType(string FullName, string Display);
