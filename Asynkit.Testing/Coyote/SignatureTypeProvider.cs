using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Asynkit.Testing.Coyote;

/// <summary>Decodes metadata signatures into <see cref="SignatureType"/> names, enough to tell one overload from another.</summary>
internal sealed class SignatureTypeProvider : ISignatureTypeProvider<SignatureType, object?>
{
    public static readonly SignatureTypeProvider Instance = new();

    public SignatureType GetPrimitiveType(PrimitiveTypeCode typeCode) => new($"System.{typeCode}", typeCode switch
    {
        PrimitiveTypeCode.Boolean => "bool",
        PrimitiveTypeCode.Int32 => "int",
        PrimitiveTypeCode.Int64 => "long",
        PrimitiveTypeCode.String => "string",
        PrimitiveTypeCode.Object => "object",
        PrimitiveTypeCode.Void => "void",
        _ => typeCode.ToString(),
    });

    public SignatureType GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        TypeDefinition type = reader.GetTypeDefinition(handle);
        return Named(reader.GetString(type.Namespace), reader.GetString(type.Name));
    }

    public SignatureType GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        TypeReference type = reader.GetTypeReference(handle);
        return Named(reader.GetString(type.Namespace), reader.GetString(type.Name));
    }

    public SignatureType GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public SignatureType GetGenericInstantiation(SignatureType genericType, ImmutableArray<SignatureType> typeArguments)
    {
        string display = genericType.Display;
        return genericType with { Display = $"{display}<{string.Join(", ", typeArguments.Select(t => t.Display))}>" };
    }

    public SignatureType GetSZArrayType(SignatureType elementType) => new($"{elementType.FullName}[]", $"{elementType.Display}[]");

    public SignatureType GetArrayType(SignatureType elementType, ArrayShape shape) =>
        new($"{elementType.FullName}[{new string(',', shape.Rank - 1)}]", $"{elementType.Display}[{new string(',', shape.Rank - 1)}]");

    public SignatureType GetByReferenceType(SignatureType elementType) => new($"{elementType.FullName}&", $"ref {elementType.Display}");

    public SignatureType GetPointerType(SignatureType elementType) => new($"{elementType.FullName}*", $"{elementType.Display}*");

    public SignatureType GetGenericMethodParameter(object? genericContext, int index) => new($"!!{index}", index == 0 ? "TResult" : $"T{index}");

    public SignatureType GetGenericTypeParameter(object? genericContext, int index) => new($"!{index}", index == 0 ? "TResult" : $"T{index}");

    public SignatureType GetPinnedType(SignatureType elementType) => elementType;

    public SignatureType GetModifiedType(SignatureType modifier, SignatureType unmodifiedType, bool isRequired) => unmodifiedType;

    public SignatureType GetFunctionPointerType(MethodSignature<SignatureType> signature) => new("fnptr", "delegate*");

    private static SignatureType Named(string ns, string name)
    {
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        string display = tick < 0 ? name : name[..tick];
        return new(ns.Length == 0 ? name : $"{ns}.{name}", display);
    }
}
