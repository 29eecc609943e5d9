namespace Asynkit.Testing;

/// <summary>Where a step resumed: the async method ("Type.Method") and, when the PDB knows it, "File.cs:line" of the await.</summary>
internal readonly record struct SourceLocation(string Method, string? FileAndLine);
