using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;

namespace Asynkit.Testing.Exploration;

/// <summary>Finds the source line of the await an async method resumes from, using the portable PDB's async stepping data.</summary>
/// <remarks>
/// A suspended state machine's state n means "waiting at its await number n"; the PDB lists each await's yield and resume IL
/// offsets in the same order, and the sequence point at the yield offset is the await's line. Without a PDB (or for code that
/// is not an async method) only the method name is known. Results are cached per (state machine type, state).
/// </remarks>
internal static class SourceLocator
{
    private static readonly Guid s_asyncSteppingInfo = new("54FD2AC5-E925-401A-9C2A-F94F171072F8");
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<(Type, int), string?> s_lines = [];
    private static readonly Dictionary<Assembly, MetadataReaderProvider?> s_pdbs = [];

    /// <summary>Where the step of <paramref name="owner"/> that runs <paramref name="callback"/>(<paramref name="state"/>) resumes.</summary>
    public static SourceLocation Resumption(LoopTask owner, SendOrPostCallback callback, object? state)
    {
        state = state is LoopWait { Resumes: { } resumes } ? resumes : state;
        object? target = state is Delegate d ? d.Target : state;
        if (target is Task box && AsyncStackInspector.StateMachineOf(box) is { } machine)
        {
            return new SourceLocation(StepDescriber.DescribeStateMachine(machine.GetType()), LineOf(machine));
        }

        return new SourceLocation(owner.SuspendedAt ?? StepDescriber.DescribeCallback(callback, state), null);
    }

    /// <summary>"File.cs:line" of the await <paramref name="machine"/> is suspended at, or null when unknown.</summary>
    public static string? LineOf(IAsyncStateMachine machine)
    {
        Type type = machine.GetType();
        if (type.GetField("<>1__state", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetValue(machine) is not int state || state < 0)
        {
            return null;
        }

        lock (s_lock)
        {
            if (!s_lines.TryGetValue((type, state), out string? line))
            {
                line = Find(type, state);
                s_lines[(type, state)] = line;
            }

            return line;
        }
    }

    private static string? Find(Type stateMachine, int state)
    {
        try
        {
            MethodInfo? moveNext = stateMachine.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            MetadataReader? pdb = moveNext is null ? null : PdbOf(stateMachine.Assembly);
            if (moveNext is null || pdb is null)
            {
                return null;
            }

            MethodDefinitionHandle method = MetadataTokens.MethodDefinitionHandle(moveNext.MetadataToken);
            int? yieldOffset = YieldOffset(pdb, method, state);
            if (yieldOffset is null)
            {
                return null;
            }

            SequencePoint? best = null;
            foreach (SequencePoint point in pdb.GetMethodDebugInformation(method.ToDebugInformationHandle()).GetSequencePoints())
            {
                if (!point.IsHidden && point.Offset <= yieldOffset && (best is null || point.Offset >= best.Value.Offset))
                {
                    best = point;
                }
            }

            if (best is not { } found)
            {
                return null;
            }

            string file = pdb.GetString(pdb.GetDocument(found.Document).Name);
            return $"{Path.GetFileName(file)}:{found.StartLine}";
        }
        catch (Exception)
        {
            return null; // a missing or unreadable PDB only costs the line number
        }
    }

    private static int? YieldOffset(MetadataReader pdb, MethodDefinitionHandle method, int state)
    {
        foreach (CustomDebugInformationHandle handle in pdb.GetCustomDebugInformation(method))
        {
            CustomDebugInformation info = pdb.GetCustomDebugInformation(handle);
            if (pdb.GetGuid(info.Kind) != s_asyncSteppingInfo)
            {
                continue;
            }

            // catch-handler offset, then (yield offset, resume offset, resume method) per await, in state order.
            BlobReader blob = pdb.GetBlobReader(info.Value);
            blob.ReadUInt32();
            for (int i = 0; blob.RemainingBytes > 0; i++)
            {
                int yieldOffset = (int)blob.ReadUInt32();
                blob.ReadUInt32();
                blob.ReadCompressedInteger();
                if (i == state)
                {
                    return yieldOffset;
                }
            }
        }

        return null;
    }

    private static MetadataReader? PdbOf(Assembly assembly)
    {
        if (!s_pdbs.TryGetValue(assembly, out MetadataReaderProvider? provider))
        {
            provider = null;
            string location = assembly.Location;
            if (location.Length > 0 && File.Exists(location))
            {
                using var stream = File.OpenRead(location);
                using var pe = new PEReader(stream);
                if (pe.TryOpenAssociatedPortablePdb(location, path => File.Exists(path) ? File.OpenRead(path) : null, out MetadataReaderProvider? found, out _))
                {
                    provider = found;
                }
            }

            s_pdbs[assembly] = provider;
        }

        return provider?.GetMetadataReader();
    }
}
