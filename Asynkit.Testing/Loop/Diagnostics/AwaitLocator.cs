using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;

namespace Asynkit.Testing;

/// <summary>The one reader of "which line is this await on": the source line of the await a suspended async method waits at
/// (and so resumes from), from its state machine's state and the portable PDB beside (or embedded in) its assembly. It serves
/// <see cref="LoopTask.SuspendedAt"/>, deadlock and interrupt messages, and exploration traces alike.</summary>
/// <remarks>
/// <para>A suspended state machine's <c>&lt;&gt;1__state</c> holds the number of the await it waits at. In MoveNext, the compiler
/// stores that number (<c>ldc.i4 n; dup; stloc; stfld &lt;&gt;1__state</c>) just before AwaitUnsafeOnCompleted; the nearest
/// visible sequence point at or before that store is the await's statement. Results are cached per state-machine type; any
/// failure (no PDB, unexpected IL) gives null, and callers fall back to the method name.</para>
/// <para>Why the IL and not the PDB's async stepping record (which lists each await's yield offset): that record does not say
/// which state an entry belongs to, only its position in the list; the store of n in the IL is what defines await n. Both gave
/// the same line for every await measured (Debug and Release; several awaits on one line, lambdas, local functions,
/// await foreach, await using, async iterators, generic methods and types, catch/finally, 140 awaits in one method).</para>
/// </remarks>
internal static class AwaitLocator
{
    private const BindingFlags InstanceMembers = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private const string StateFieldName = "<>1__state";

    private static readonly OpCode[] s_oneByte = new OpCode[0x100];
    private static readonly OpCode[] s_twoByte = BuildOpCodeTables(s_oneByte);
    private static readonly ConcurrentDictionary<Type, Dictionary<int, string>> s_locations = new();
    private static readonly Dictionary<Module, MetadataReaderProvider?> s_pdbs = [];
    private static readonly Lock s_pdbGate = new();

    /// <summary>"File.cs:line" of the await <paramref name="machine"/> is suspended at, or null when unknown.</summary>
    internal static string? Locate(IAsyncStateMachine machine)
    {
        int? state = StateOf(machine);
        if (state is not >= 0)
        {
            return null;
        }

        Dictionary<int, string> locations = s_locations.GetOrAdd(machine.GetType(), static type => BuildLocations(type));
        return locations.TryGetValue(state.Value, out string? location) ? location : null;
    }

    /// <summary>The state machine's <c>&lt;&gt;1__state</c>: -1 while running or not started, -2 when finished, n &gt;= 0 at await n.</summary>
    internal static int? StateOf(IAsyncStateMachine machine) =>
        machine.GetType().GetField(StateFieldName, InstanceMembers)?.GetValue(machine) as int?;

    private static Dictionary<int, string> BuildLocations(Type type)
    {
        var locations = new Dictionary<int, string>();
        try
        {
            MethodInfo? moveNext = type.GetMethod(nameof(IAsyncStateMachine.MoveNext), InstanceMembers, Type.EmptyTypes);
            byte[]? il = moveNext?.GetMethodBody()?.GetILAsByteArray();
            if (moveNext is null || il is null)
            {
                return locations;
            }

            Dictionary<int, int> stores = FindStateStores(il, moveNext.Module, type.IsGenericType ? type.GetGenericArguments() : null);
            if (stores.Count == 0 || PdbOf(moveNext.Module) is not { } pdb)
            {
                return locations;
            }

            List<(int Offset, string File, int Line)> points = VisibleSequencePoints(pdb, moveNext.MetadataToken);
            foreach ((int state, int offset) in stores)
            {
                (int Offset, string File, int Line)? best = null;
                foreach ((int Offset, string File, int Line) point in points)
                {
                    if (point.Offset > offset)
                    {
                        break;
                    }

                    best = point;
                }

                if (best is { } found)
                {
                    locations[state] = $"{Path.GetFileName(found.File)}:{found.Line}";
                }
            }
        }
        catch (Exception)
        {
            // Introspection is best effort: an unexpected body or PDB only loses the line number.
        }

        return locations;
    }

    /// <summary>Maps each await number n &gt;= 0 to the IL offset of the <c>stfld &lt;&gt;1__state</c> that stores it.</summary>
    private static Dictionary<int, int> FindStateStores(byte[] il, Module module, Type[]? typeArguments)
    {
        var stores = new Dictionary<int, int>();
        var stateTokens = new Dictionary<int, bool>();
        int? pending = null;
        int position = 0;
        while (position < il.Length)
        {
            int start = position;
            byte code = il[position++];
            OpCode op = code == 0xFE ? s_twoByte[il[position++]] : s_oneByte[code];
            int operandSize = OperandSize(op, il, position);
            short value = op.Value;
            if (value >= OpCodes.Ldc_I4_M1.Value && value <= OpCodes.Ldc_I4_8.Value)
            {
                pending = value - OpCodes.Ldc_I4_0.Value;
            }
            else if (value == OpCodes.Ldc_I4_S.Value)
            {
                pending = (sbyte)il[position];
            }
            else if (value == OpCodes.Ldc_I4.Value)
            {
                pending = BitConverter.ToInt32(il, position);
            }
            else if (value == OpCodes.Stfld.Value)
            {
                int token = BitConverter.ToInt32(il, position);
                if (pending is >= 0 and int state && IsStateField(module, token, typeArguments, stateTokens))
                {
                    stores.TryAdd(state, start);
                }

                pending = null;
            }
            else if (!IsDupOrStore(value))
            {
                pending = null;
            }

            position += operandSize;
        }

        return stores;
    }

    private static bool IsDupOrStore(short value) =>
        value == OpCodes.Dup.Value
        || (value >= OpCodes.Stloc_0.Value && value <= OpCodes.Stloc_3.Value)
        || value == OpCodes.Stloc_S.Value
        || value == OpCodes.Stloc.Value;

    private static bool IsStateField(Module module, int token, Type[]? typeArguments, Dictionary<int, bool> cache)
    {
        if (!cache.TryGetValue(token, out bool isState))
        {
            try
            {
                isState = module.ResolveField(token, typeArguments, null)?.Name == StateFieldName;
            }
            catch (ArgumentException)
            {
                isState = false;
            }

            cache[token] = isState;
        }

        return isState;
    }

    private static int OperandSize(OpCode op, byte[] il, int position) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
        _ => 4,
    };

    private static List<(int Offset, string File, int Line)> VisibleSequencePoints(MetadataReaderProvider pdb, int methodToken)
    {
        MetadataReader reader = pdb.GetMetadataReader();
        var handle = (MethodDefinitionHandle)MetadataTokens.EntityHandle(methodToken);
        MethodDebugInformation info = reader.GetMethodDebugInformation(handle.ToDebugInformationHandle());
        var points = new List<(int Offset, string File, int Line)>();
        foreach (SequencePoint point in info.GetSequencePoints())
        {
            if (!point.IsHidden)
            {
                points.Add((point.Offset, reader.GetString(reader.GetDocument(point.Document).Name), point.StartLine));
            }
        }

        points.Sort(static (a, b) => a.Offset.CompareTo(b.Offset));
        return points;
    }

    private static MetadataReaderProvider? PdbOf(Module module)
    {
        lock (s_pdbGate)
        {
            if (!s_pdbs.TryGetValue(module, out MetadataReaderProvider? provider))
            {
                provider = OpenPdb(module.Assembly.Location);
                s_pdbs[module] = provider;
            }

            return provider;
        }
    }

    private static MetadataReaderProvider? OpenPdb(string assemblyPath)
    {
        if (string.IsNullOrEmpty(assemblyPath) || !File.Exists(assemblyPath))
        {
            return null;
        }

        using var pe = new PEReader(File.OpenRead(assemblyPath));
        return pe.TryOpenAssociatedPortablePdb(assemblyPath, static path => File.Exists(path) ? File.OpenRead(path) : null, out MetadataReaderProvider? provider, out _)
            ? provider
            : null;
    }

    private static OpCode[] BuildOpCodeTables(OpCode[] oneByte)
    {
        var twoByte = new OpCode[0x100];
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode op)
            {
                ushort value = (ushort)op.Value;
                if (op.Size == 1)
                {
                    oneByte[value] = op;
                }
                else
                {
                    twoByte[value & 0xFF] = op;
                }
            }
        }

        return twoByte;
    }
}
