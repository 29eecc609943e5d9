namespace Asynkit.Testing.Tests.Architecture;

/// <summary>One place where type <paramref name="From"/> names type <paramref name="To"/>: a base type, a field, a signature, a
/// local, an attribute or an IL operand of a method body, described by <paramref name="Via"/>.</summary>
internal readonly record struct TypeUse(TypeKey From, TypeKey To, string Via);
