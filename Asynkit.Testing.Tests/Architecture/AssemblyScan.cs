using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Asynkit.Testing.Tests.Architecture;

/// <summary>One library assembly read from its file and portable PDB: the source folder (layer) of each of its types, and every
/// use one of its types makes of a named type.</summary>
/// <remarks>
/// A type's folder comes from the documents of its methods' sequence points, or, for a type without method bodies (an enum, an
/// interface, a plain record struct), from the PDB's TypeDefinitionDocuments record; a nested type without either takes its
/// declaring type's. Uses come from metadata and IL: base type, interfaces, generic constraints, field, method, property and
/// event signatures, locals, catch types, attributes, explicit overrides, and every token an IL operand names (the member
/// references' parent types and signatures included). Constants are invisible: the compiler copies their values.
/// </remarks>
internal sealed partial class AssemblyScan
{
    private static readonly Guid s_typeDefinitionDocuments = new("932E74BC-DBA9-4478-8D46-0F32A7BAB3D3");

    private readonly MetadataReader _md;
    private readonly MetadataReader _pdb;
    private readonly PEReader _pe;
    private readonly string _name;
    private readonly Dictionary<TypeKey, string> _layers = [];
    private readonly List<TypeKey> _unplaced = [];
    private readonly List<TypeUse> _uses = [];
    private readonly HashSet<(TypeKey, string)> _seen = [];
    private readonly SignatureTypes _decoder;
    private TypeKey _from;
    private string _via = "";

    private AssemblyScan(PEReader pe, MetadataReader pdb)
    {
        _pe = pe;
        _md = pe.GetMetadataReader();
        _pdb = pdb;
        _name = _md.GetString(_md.GetAssemblyDefinition().Name);
        _decoder = new SignatureTypes(Use);
        foreach (TypeDefinitionHandle type in _md.TypeDefinitions)
        {
            Place(type);
        }

        foreach (TypeDefinitionHandle type in _md.TypeDefinitions)
        {
            CollectUses(type);
        }
    }

    /// <summary>The folder (layer) of each type declared in library source.</summary>
    public IReadOnlyDictionary<TypeKey, string> Layers => _layers;

    /// <summary>Types of an Asynkit namespace whose source folder could not be found.</summary>
    public IReadOnlyList<TypeKey> Unplaced => _unplaced;

    /// <summary>Every use a type of this assembly makes of another type (of any assembly), deduplicated per (from, to, via).</summary>
    public IReadOnlyList<TypeUse> Uses => _uses;

    /// <summary>Reads the assembly at <paramref name="path"/> and its PDB; the whole scan happens here.</summary>
    public static AssemblyScan Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        if (!pe.TryOpenAssociatedPortablePdb(path, p => File.Exists(p) ? File.OpenRead(p) : null, out MetadataReaderProvider? pdb, out _) || pdb is null)
        {
            throw new InvalidOperationException($"No portable PDB for {path}: the layer test maps types to folders through it.");
        }

        using (pdb)
        {
            return new AssemblyScan(pe, pdb.GetMetadataReader());
        }
    }

    /// <summary>The layer of a source file: the folder under the library project ("Asynkit.Testing/Loop/X.cs" is Loop, and
    /// "Asynkit.Testing/Exploration/Strategies/Y.cs" is Exploration), or the project's suffix for the other library projects
    /// ("Asynkit.Testing.Xunit/Sdk/Z.cs" is Xunit). Null for generated files (obj/).</summary>
    public static string? LayerOf(string document)
    {
        string[] parts = document.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        int project = Array.FindLastIndex(parts, parts.Length - 2, parts.Length - 1, p => p == "Asynkit.Testing" || p.StartsWith("Asynkit.Testing.", StringComparison.Ordinal));
        if (project < 0 || parts[project + 1] is "obj" or "bin")
        {
            return null;
        }

        if (parts[project] != "Asynkit.Testing")
        {
            return parts[project]["Asynkit.Testing.".Length..];
        }

        return project + 2 < parts.Length ? parts[project + 1] : "";
    }

    private TypeKey KeyOf(TypeDefinitionHandle handle)
    {
        TypeDefinition type = _md.GetTypeDefinition(handle);
        string name = _md.GetString(type.Name);
        TypeDefinitionHandle declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return new TypeKey(_name, $"{KeyOf(declaring).FullName}+{name}");
        }

        string ns = _md.GetString(type.Namespace);
        return new TypeKey(_name, ns.Length == 0 ? name : $"{ns}.{name}");
    }

    private TypeKey? KeyOf(TypeReferenceHandle handle)
    {
        TypeReference type = _md.GetTypeReference(handle);
        string name = _md.GetString(type.Name);
        EntityHandle scope = type.ResolutionScope;
        switch (scope.Kind)
        {
            case HandleKind.TypeReference:
                return KeyOf((TypeReferenceHandle)scope) is { } outer ? new TypeKey(outer.Assembly, $"{outer.FullName}+{name}") : null;
            case HandleKind.AssemblyReference:
            case HandleKind.ModuleDefinition:
                string assembly = scope.Kind == HandleKind.ModuleDefinition ? _name : _md.GetString(_md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
                string ns = _md.GetString(type.Namespace);
                return new TypeKey(assembly, ns.Length == 0 ? name : $"{ns}.{name}");
            default:
                return null;
        }
    }

    private void Place(TypeDefinitionHandle handle)
    {
        TypeKey key = KeyOf(handle);
        var layers = new HashSet<string>();
        foreach (DocumentHandle document in DocumentsOf(handle))
        {
            if (LayerOf(_pdb.GetString(_pdb.GetDocument(document).Name)) is { } layer)
            {
                layers.Add(layer);
            }
        }

        if (layers.Count == 0)
        {
            TypeDefinitionHandle declaring = _md.GetTypeDefinition(handle).GetDeclaringType();
            if (!declaring.IsNil && _layers.TryGetValue(KeyOf(declaring), out string? outer))
            {
                layers.Add(outer);
            }
        }

        if (layers.Count == 1)
        {
            _layers[key] = layers.Single();
        }
        else if (layers.Count > 1)
        {
            _layers[key] = string.Join(" and ", layers.Order(StringComparer.Ordinal));
        }
        else if (key.FullName.StartsWith("Asynkit", StringComparison.Ordinal))
        {
            _unplaced.Add(key);
        }
    }

    private IEnumerable<DocumentHandle> DocumentsOf(TypeDefinitionHandle handle)
    {
        foreach (MethodDefinitionHandle method in _md.GetTypeDefinition(handle).GetMethods())
        {
            MethodDebugInformation info = _pdb.GetMethodDebugInformation(method.ToDebugInformationHandle());
            if (!info.Document.IsNil)
            {
                yield return info.Document;
            }
            else if (!info.SequencePointsBlob.IsNil)
            {
                foreach (SequencePoint point in info.GetSequencePoints())
                {
                    yield return point.Document;
                }
            }
        }

        foreach (CustomDebugInformationHandle cdi in _pdb.GetCustomDebugInformation(handle))
        {
            CustomDebugInformation info = _pdb.GetCustomDebugInformation(cdi);
            if (_pdb.GetGuid(info.Kind) != s_typeDefinitionDocuments)
            {
                continue;
            }

            BlobReader blob = _pdb.GetBlobReader(info.Value);
            while (blob.RemainingBytes > 0)
            {
                yield return MetadataTokens.DocumentHandle(blob.ReadCompressedInteger());
            }
        }
    }
}
