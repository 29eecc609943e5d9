using System.Reflection.Metadata;

namespace Asynkit.Testing.Tests.Architecture;

/// <summary>The uses half of <see cref="AssemblyScan"/>: every type a type's metadata and IL name.</summary>
internal sealed partial class AssemblyScan
{
    private void CollectUses(TypeDefinitionHandle handle)
    {
        _from = KeyOf(handle);
        if (!_layers.ContainsKey(_from))
        {
            return;
        }

        _seen.Clear();
        TypeDefinition type = _md.GetTypeDefinition(handle);
        _via = "base type or interface";
        if (!type.BaseType.IsNil)
        {
            Use(type.BaseType);
        }

        foreach (InterfaceImplementationHandle implementation in type.GetInterfaceImplementations())
        {
            Use(_md.GetInterfaceImplementation(implementation).Interface);
        }

        _via = "generic constraint";
        foreach (GenericParameterHandle parameter in type.GetGenericParameters())
        {
            foreach (GenericParameterConstraintHandle constraint in _md.GetGenericParameter(parameter).GetConstraints())
            {
                Use(_md.GetGenericParameterConstraint(constraint).Type);
            }
        }

        _via = "attribute";
        UseAttributes(type.GetCustomAttributes());
        foreach (FieldDefinitionHandle fieldHandle in type.GetFields())
        {
            FieldDefinition field = _md.GetFieldDefinition(fieldHandle);
            _via = $"field {_md.GetString(field.Name)}";
            field.DecodeSignature(_decoder, null);
            UseAttributes(field.GetCustomAttributes());
        }

        foreach (PropertyDefinitionHandle propertyHandle in type.GetProperties())
        {
            PropertyDefinition property = _md.GetPropertyDefinition(propertyHandle);
            _via = $"property {_md.GetString(property.Name)}";
            property.DecodeSignature(_decoder, null);
        }

        foreach (EventDefinitionHandle eventHandle in type.GetEvents())
        {
            EventDefinition definition = _md.GetEventDefinition(eventHandle);
            _via = $"event {_md.GetString(definition.Name)}";
            Use(definition.Type);
        }

        _via = "explicit implementation";
        foreach (MethodImplementationHandle implementation in type.GetMethodImplementations())
        {
            Use(_md.GetMethodImplementation(implementation).MethodDeclaration);
        }

        foreach (MethodDefinitionHandle method in type.GetMethods())
        {
            CollectUses(_md.GetMethodDefinition(method));
        }
    }

    private void CollectUses(MethodDefinition method)
    {
        _via = $"signature of {_md.GetString(method.Name)}";
        method.DecodeSignature(_decoder, null);
        UseAttributes(method.GetCustomAttributes());
        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }

        MethodBodyBlock body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        _via = $"body of {_md.GetString(method.Name)}";
        if (!body.LocalSignature.IsNil)
        {
            Use(body.LocalSignature);
        }

        foreach (ExceptionRegion region in body.ExceptionRegions)
        {
            if (!region.CatchType.IsNil)
            {
                Use(region.CatchType);
            }
        }

        foreach (EntityHandle token in IlOperands.Tokens(body))
        {
            Use(token);
        }
    }

    /// <summary>Records the types <paramref name="target"/> names as uses of the current type.</summary>
    private void Use(EntityHandle target)
    {
        switch (target.Kind)
        {
            case HandleKind.TypeDefinition:
                Add(KeyOf((TypeDefinitionHandle)target));
                break;
            case HandleKind.TypeReference:
                Add(KeyOf((TypeReferenceHandle)target));
                break;
            case HandleKind.TypeSpecification:
                _md.GetTypeSpecification((TypeSpecificationHandle)target).DecodeSignature(_decoder, null);
                break;
            case HandleKind.MethodDefinition:
                Add(KeyOf(_md.GetMethodDefinition((MethodDefinitionHandle)target).GetDeclaringType()));
                break;
            case HandleKind.FieldDefinition:
                Add(KeyOf(_md.GetFieldDefinition((FieldDefinitionHandle)target).GetDeclaringType()));
                break;
            case HandleKind.MemberReference:
                MemberReference member = _md.GetMemberReference((MemberReferenceHandle)target);
                Use(member.Parent);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(_decoder, null);
                }
                else
                {
                    member.DecodeFieldSignature(_decoder, null);
                }

                break;
            case HandleKind.MethodSpecification:
                MethodSpecification spec = _md.GetMethodSpecification((MethodSpecificationHandle)target);
                Use(spec.Method);
                spec.DecodeSignature(_decoder, null);
                break;
            case HandleKind.StandaloneSignature:
                StandaloneSignature signature = _md.GetStandaloneSignature((StandaloneSignatureHandle)target);
                if (signature.GetKind() == StandaloneSignatureKind.LocalVariables)
                {
                    signature.DecodeLocalSignature(_decoder, null);
                }
                else
                {
                    signature.DecodeMethodSignature(_decoder, null);
                }

                break;
        }
    }

    private void Add(TypeKey? to)
    {
        if (to is { } key && key != _from && _seen.Add((key, _via)))
        {
            _uses.Add(new TypeUse(_from, key, _via));
        }
    }

    private void UseAttributes(CustomAttributeHandleCollection attributes)
    {
        foreach (CustomAttributeHandle attribute in attributes)
        {
            Use(_md.GetCustomAttribute(attribute).Constructor);
        }
    }
}
