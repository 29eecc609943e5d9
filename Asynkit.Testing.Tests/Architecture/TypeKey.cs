namespace Asynkit.Testing.Tests.Architecture;

/// <summary>A type by its assembly's simple name and its full metadata name (nested types as "Outer+Inner").</summary>
internal readonly record struct TypeKey(string Assembly, string FullName)
{
    public override string ToString() => FullName;
}
