using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.Coyote.Rewriting;

namespace Asynkit.Testing.Coyote;

/// <summary>Facts about Coyote's binary rewriting of an assembly: whether it was rewritten, and which of its calls
/// <c>coyote rewrite</c> 1.7.11 leaves uncontrolled (the known .NET 8+ gaps).</summary>
/// <remarks>
/// Coyote 1.7.11 was built for .NET 8. C# 13 on .NET 9+ binds <c>Task.WhenAll(a, b)</c>, <c>Task.WhenAny(a, b, c)</c> and
/// <c>Task.WaitAll(a, b)</c> to new <c>params ReadOnlySpan&lt;Task&gt;</c> overloads that the rewriter does not know, so they stay
/// calls into the real Task, which Coyote neither controls nor sees: it cannot interleave around them, may report
/// "uncontrolled concurrency", and with <see cref="CoyoteOptions.AllowUncontrolledConcurrency"/> off reports each as a bug.
/// The same holds for <c>Task.WhenEach</c> (.NET 9) and <c>Task.Delay(TimeSpan, TimeProvider)</c> (.NET 8). In a rewritten
/// assembly every remaining call to the real <c>Task.WhenAll/WhenAny/WaitAll/WaitAny/Delay/Run/Yield</c> is such a gap.
/// </remarks>
public static class CoyoteRewriting
{
    private const string TasksNamespace = "System.Threading.Tasks";

    private static readonly HashSet<string> s_controlledNames = new(StringComparer.Ordinal)
    {
        "WhenAll", "WhenAny", "WaitAll", "WaitAny", "WhenEach", "Delay", "Run", "Yield",
    };

    /// <summary>True when <c>coyote rewrite</c> rewrote <paramref name="assembly"/> (Coyote's own check).</summary>
    public static bool IsRewritten(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return RewritingEngine.IsAssemblyRewritten(assembly);
    }

    /// <summary>The calls in <paramref name="assembly"/> that <c>coyote rewrite</c> leaves (or left) uncontrolled.</summary>
    /// <exception cref="ArgumentException">The assembly has no file on disk (dynamic or loaded from bytes).</exception>
    public static IReadOnlyList<RewritingGap> FindGaps(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location))
        {
            throw new ArgumentException($"Assembly '{assembly.GetName().Name}' has no file on disk to read its IL from.", nameof(assembly));
        }

        return FindGaps(assembly.Location);
    }

    /// <summary>The calls in the assembly file at <paramref name="assemblyPath"/> that <c>coyote rewrite</c> leaves (or left)
    /// uncontrolled, one per call site, in metadata order.</summary>
    /// <exception cref="FileNotFoundException">No file at that path.</exception>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static IReadOnlyList<RewritingGap> FindGaps(string assemblyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(assemblyPath);
        using FileStream stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException($"'{assemblyPath}' is not a .NET assembly.", assemblyPath);
        }

        MetadataReader reader = pe.GetMetadataReader();
        bool rewritten = IsRewrittenFile(reader);
        var gaps = new List<RewritingGap>();
        var seen = new HashSet<(MethodDefinitionHandle, EntityHandle)>();
        foreach ((MethodDefinitionHandle caller, EntityHandle callee) in IlCallSites.Enumerate(pe, reader))
        {
            if (!seen.Add((caller, callee)) || Describe(reader, callee) is not { } call)
            {
                continue;
            }

            if (Explain(call, rewritten) is { } explanation)
            {
                gaps.Add(new RewritingGap(CallerName(reader, caller), call.Display, explanation));
            }
        }

        return gaps;
    }

    /// <summary>Explains the gaps in a few lines: one per call site, then the general fix.</summary>
    public static string Explain(IReadOnlyList<RewritingGap> gaps)
    {
        ArgumentNullException.ThrowIfNull(gaps);
        var text = new System.Text.StringBuilder();
        text.Append(gaps.Count).Append(gaps.Count == 1 ? " call is" : " calls are")
            .AppendLine(" left uncontrolled by coyote rewrite 1.7.11 (see docs/coyote.md, \"Known gaps on .NET 9 and 10\"):");
        foreach (RewritingGap gap in gaps)
        {
            text.Append("  ").AppendLine(gap.ToString());
        }

        return text.ToString();
    }

    private static string? Explain(CalledMember call, bool rewritten)
    {
        if (call.Namespace != TasksNamespace || call.TypeName is not ("Task" or "Task`1") || !s_controlledNames.Contains(call.Name))
        {
            return null;
        }

        if (call.Name is "WhenAll" or "WhenAny" or "WaitAll" or "WaitAny" && call.Parameters.Any(p => p.FullName == "System.ReadOnlySpan`1"))
        {
            string array = call.Name == "WaitAll" || call.Name == "WaitAny" ? $"Task.{call.Name}(new[] {{ a, b }})" : $"await Task.{call.Name}(new[] {{ a, b }})";
            return $"since .NET 9, C# binds Task.{call.Name}(a, b, ...) to the params ReadOnlySpan<Task> overload, which Coyote 1.7.11 does not rewrite; " +
                $"Coyote cannot control or replay what happens around it. Pass an array or a list instead: {array}.";
        }

        if (call.Name == "WhenEach")
        {
            return "Task.WhenEach (.NET 9) is unknown to Coyote 1.7.11 and stays uncontrolled. Use a loop over Task.WhenAny(tasks) with an array or list.";
        }

        if (call.Name == "Delay" && call.Parameters.Any(p => p.FullName == "System.TimeProvider"))
        {
            return "Task.Delay with a TimeProvider (.NET 8) is not rewritten by Coyote 1.7.11, so its timer is real and uncontrolled. " +
                "In code tested in rewritten mode use Task.Delay(TimeSpan), which Coyote turns into a controlled random pause; on the AsynkitLoop (loop mode) use the loop's clock.";
        }

        return rewritten
            ? $"coyote rewrite left this call to the real Task.{call.Name} in place (an overload Coyote 1.7.11 does not know), so Coyote does not control it. Use an overload that exists since .NET 8 (arrays, IEnumerable, no TimeProvider)."
            : null;
    }

    private static bool IsRewrittenFile(MetadataReader reader)
    {
        foreach (CustomAttributeHandle handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == HandleKind.MemberReference)
            {
                MemberReference ctor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                if (ctor.Parent.Kind == HandleKind.TypeReference &&
                    reader.GetString(reader.GetTypeReference((TypeReferenceHandle)ctor.Parent).Name) == "RewritingSignatureAttribute")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static CalledMember? Describe(MetadataReader reader, EntityHandle callee)
    {
        if (callee.Kind == HandleKind.MethodSpecification)
        {
            callee = reader.GetMethodSpecification((MethodSpecificationHandle)callee).Method;
        }

        if (callee.Kind != HandleKind.MemberReference)
        {
            return null;
        }

        MemberReference member = reader.GetMemberReference((MemberReferenceHandle)callee);
        if (member.GetKind() != MemberReferenceKind.Method)
        {
            return null;
        }

        string ns;
        string typeName;
        switch (member.Parent.Kind)
        {
            case HandleKind.TypeReference:
                TypeReference type = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
                ns = reader.GetString(type.Namespace);
                typeName = reader.GetString(type.Name);
                break;
            case HandleKind.TypeSpecification:
                SignatureType spec = reader.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(SignatureTypeProvider.Instance, null);
                int dot = spec.FullName.LastIndexOf('.');
                ns = dot < 0 ? "" : spec.FullName[..dot];
                typeName = spec.FullName[(dot + 1)..];
                break;
            default:
                return null;
        }

        string name = reader.GetString(member.Name);
        if (ns != TasksNamespace || !s_controlledNames.Contains(name))
        {
            return null;
        }

        MethodSignature<SignatureType> signature = member.DecodeMethodSignature(SignatureTypeProvider.Instance, null);
        int tick = typeName.IndexOf('`', StringComparison.Ordinal);
        string shownType = tick < 0 ? typeName : typeName[..tick];
        string display = $"{shownType}.{name}({string.Join(", ", signature.ParameterTypes.Select(p => p.Display))})";
        return new CalledMember(ns, typeName, name, signature.ParameterTypes, display);
    }

    /// <summary>"Namespace.Type.Method", with compiler-generated names mapped back to the method the user wrote.</summary>
    private static string CallerName(MetadataReader reader, MethodDefinitionHandle handle)
    {
        MethodDefinition method = reader.GetMethodDefinition(handle);
        string name = reader.GetString(method.Name);
        TypeDefinitionHandle typeHandle = method.GetDeclaringType();
        string suffix = "";

        // Lambdas: <Outer>b__3_0 in a display class or <>c; local functions: <Outer>g__Local|3_0.
        if (name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is > 1 and var close)
        {
            suffix = name.Contains(">g__", StringComparison.Ordinal) ? $" (local function {LocalName(name)})" : " (lambda)";
            name = name[1..close];
        }

        TypeDefinition type = reader.GetTypeDefinition(typeHandle);
        string typeName = reader.GetString(type.Name);

        // Async and iterator state machines: <Method>d__5.MoveNext belongs to Method.
        while (typeName.StartsWith('<') && type.GetDeclaringType() is { IsNil: false } outer)
        {
            int close2 = typeName.IndexOf('>', StringComparison.Ordinal);
            if (close2 > 1 && (name == "MoveNext" || name.StartsWith('<')))
            {
                name = typeName[1..close2];
            }

            typeHandle = outer;
            type = reader.GetTypeDefinition(typeHandle);
            typeName = reader.GetString(type.Name);
        }

        return $"{TypeFullName(reader, typeHandle)}.{name}{suffix}";
    }

    private static string LocalName(string name)
    {
        int start = name.IndexOf(">g__", StringComparison.Ordinal) + 4;
        int end = name.IndexOf('|', start);
        return end < 0 ? name[start..] : name[start..end];
    }

    private static string TypeFullName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        TypeDefinition type = reader.GetTypeDefinition(handle);
        string name = reader.GetString(type.Name);
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        if (type.GetDeclaringType() is { IsNil: false } outer)
        {
            return $"{TypeFullName(reader, outer)}.{name}";
        }

        string ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    private sealed record CalledMember(string Namespace, string TypeName, string Name, IReadOnlyList<SignatureType> Parameters, string Display);
}
