using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Asynkit.Testing.Coyote;

/// <summary>Walks the IL of every method body in an assembly and yields each call: which method calls which member.</summary>
internal static class IlCallSites
{
    /// <summary>(caller, callee) for every call, callvirt, newobj, ldftn and ldvirtftn instruction; the callee is a
    /// MemberReference, MethodDefinition or MethodSpecification handle.</summary>
    public static IEnumerable<(MethodDefinitionHandle Caller, EntityHandle Callee)> Enumerate(PEReader pe, MetadataReader reader)
    {
        foreach (MethodDefinitionHandle handle in reader.MethodDefinitions)
        {
            MethodDefinition method = reader.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            BlobReader il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
            foreach (EntityHandle callee in Calls(il))
            {
                yield return (handle, callee);
            }
        }
    }

    private static List<EntityHandle> Calls(BlobReader il)
    {
        var calls = new List<EntityHandle>();
        while (il.RemainingBytes > 0)
        {
            ILOpCode opCode = ReadOpCode(ref il);
            switch (opCode)
            {
                case ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn or ILOpCode.Ldvirtftn:
                    calls.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case ILOpCode.Switch:
                    int targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += OperandSize(opCode);
                    break;
            }
        }

        return calls;
    }

    private static ILOpCode ReadOpCode(ref BlobReader il)
    {
        byte first = il.ReadByte();
        return first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
    }

    /// <summary>The size in bytes of an opcode's inline operand (ECMA-335 III), for every opcode but switch.</summary>
    private static int OperandSize(ILOpCode opCode)
    {
        switch (opCode)
        {
            case ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s
                or ILOpCode.Stloc_s or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned:
                return 1;
            case ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc:
                return 2;
            case ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8:
                return 8;
            case ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Jmp or ILOpCode.Calli or ILOpCode.Cpobj or ILOpCode.Ldobj
                or ILOpCode.Ldstr or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Unbox or ILOpCode.Ldfld
                or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld
                or ILOpCode.Stobj or ILOpCode.Box or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem
                or ILOpCode.Stelem or ILOpCode.Unbox_any or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Ldtoken
                or ILOpCode.Initobj or ILOpCode.Constrained or ILOpCode.Sizeof:
                return 4;
            default:
                return opCode.IsBranch() ? opCode.GetBranchOperandSize() : 0;
        }
    }
}
