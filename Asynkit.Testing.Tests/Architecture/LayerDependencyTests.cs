using System.Text;

namespace Asynkit.Testing.Tests.Architecture;

/// <summary>The library's folders depend on each other only downwards, in the order docs/architecture.md gives.</summary>
/// <remarks>Every library assembly beside the tests (Asynkit.Testing*.dll) is read with System.Reflection.Metadata: each type
/// is placed in the folder of its source files (from the PDB), and each use it makes of another type (metadata and IL, see
/// <see cref="AssemblyScan"/>) must land in its own folder or a lower group. New files and types need no edit here.</remarks>
public sealed class LayerDependencyTests
{
    private static readonly Lazy<(LayerOrder Order, List<AssemblyScan> Scans)> s_library = new(() =>
        (LayerOrder.FromDocs(), LibraryAssemblies().Select(AssemblyScan.Read).ToList()));

    [Fact]
    public void LibraryTypes_UseOnlyTheirFolderAndLowerFolders_NoUpwardOrSiblingUse()
    {
        (LayerOrder order, List<AssemblyScan> scans) = s_library.Value;
        Dictionary<TypeKey, string> layers = AllLayers(scans);
        var wrong = new SortedDictionary<string, SortedDictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (TypeUse use in scans.SelectMany(s => s.Uses))
        {
            if (!layers.TryGetValue(use.To, out string? to) || !layers.TryGetValue(use.From, out string? from)
                || !order.Knows(from) || !order.Knows(to) || order.MayUse(from, to))
            {
                continue;
            }

            string arrow = $"{from} -> {to}";
            string pair = $"{Short(use.From)} uses {Short(use.To)}";
            if (!wrong.TryGetValue(arrow, out SortedDictionary<string, List<string>>? pairs))
            {
                wrong[arrow] = pairs = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            }

            if (!pairs.TryGetValue(pair, out List<string>? vias))
            {
                pairs[pair] = vias = [];
            }

            vias.Add(use.Via);
        }

        wrong.Keys.ShouldBeEmpty(Describe(order, wrong));
    }

    [Fact]
    public void LibraryTypes_EachFromOneFolderOfTheOrder_NoneUnplaced()
    {
        (LayerOrder order, List<AssemblyScan> scans) = s_library.Value;
        scans.SelectMany(s => s.Unplaced).ShouldBeEmpty("these types have no source document in the PDB");
        Dictionary<TypeKey, string> layers = AllLayers(scans);
        var unknown = layers.Where(pair => !order.Knows(pair.Value)).Select(pair => $"{pair.Key} in '{pair.Value}'").Order(StringComparer.Ordinal).ToList();
        unknown.ShouldBeEmpty($"every library file must sit in a folder named by docs/architecture.md's order ({order.Line}); a type spanning two folders shows as 'A and B'");
        order.Layers.Except(layers.Values).ShouldBeEmpty("docs/architecture.md names folders that hold no library type");
    }

    [Fact]
    public void Scan_KnownUsesOfEachKind_AreFound()
    {
        List<TypeUse> uses = s_library.Value.Scans.SelectMany(s => s.Uses).ToList();

        bool Uses(Type from, Type to, string via) =>
            uses.Any(u => u.From.FullName == from.FullName && u.To.FullName == to.FullName && u.Via.StartsWith(via, StringComparison.Ordinal));

        Uses(typeof(SleepWait), typeof(LoopWait), "base type").ShouldBeTrue();
        Uses(typeof(PriorityLock), typeof(PriorityWaitQueue), "field _waiters").ShouldBeTrue();
        Uses(typeof(PriorityWaitQueue), typeof(PriorityWaiter), "field _waiters").ShouldBeTrue("a generic argument of a field's type (SortedSet<PriorityWaiter>)");
        Uses(typeof(Interrupts), typeof(AsynkitLoop), "signature of Find").ShouldBeTrue();
        Uses(typeof(Scheduling), typeof(AsynkitLoop), "body of").ShouldBeTrue("an IL member reference");
        Uses(typeof(global::Asynkit.Testing.Xunit.AsynkitFactAttribute), typeof(global::Xunit.FactAttribute), "base type").ShouldBeTrue("a type of another assembly");
    }

    [Theory]
    [InlineData("/src/repo/Asynkit.Testing/Loop/LoopTask.cs", "Loop")]
    [InlineData("/src/repo/Asynkit.Testing/Loop/Diagnostics/AsyncStack.cs", "Loop")]
    [InlineData("/src/Asynkit.Testing/Asynkit.Testing/Exploration/Strategies/PctStrategy.cs", "Exploration")]
    [InlineData("/_/Asynkit.Testing.Xunit/Sdk/TestBody.cs", "Xunit")]
    [InlineData("C:\\repo\\Asynkit.Testing\\Faults\\FaultPlan.cs", "Faults")]
    [InlineData("/src/repo/Asynkit.Testing/Stray.cs", "")]
    [InlineData("/src/repo/Asynkit.Testing/obj/Debug/net10.0/Asynkit.Testing.AssemblyInfo.cs", null)]
    public void LayerOf_SourcePaths_TheFolderUnderTheProject(string document, string? expected)
    {
        AssemblyScan.LayerOf(document).ShouldBe(expected);
    }

    private static string[] LibraryAssemblies()
    {
        string[] paths = Directory.GetFiles(AppContext.BaseDirectory, "Asynkit.Testing*.dll")
            .Where(p => !Path.GetFileName(p).StartsWith("Asynkit.Testing.Tests", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        paths.Select(Path.GetFileName).ShouldContain("Asynkit.Testing.dll");
        return paths;
    }

    private static Dictionary<TypeKey, string> AllLayers(List<AssemblyScan> scans) =>
        scans.SelectMany(s => s.Layers).ToDictionary(pair => pair.Key, pair => pair.Value);

    private static string Short(TypeKey type) => type.FullName.StartsWith("Asynkit.Testing.", StringComparison.Ordinal)
        ? type.FullName["Asynkit.Testing.".Length..]
        : type.FullName;

    private static string Describe(LayerOrder order, SortedDictionary<string, SortedDictionary<string, List<string>>> wrong)
    {
        var text = new StringBuilder($"folder order (docs/architecture.md): {order.Line}");
        foreach ((string arrow, SortedDictionary<string, List<string>> pairs) in wrong)
        {
            text.AppendLine().Append(arrow).Append(':');
            foreach ((string pair, List<string> vias) in pairs)
            {
                text.AppendLine().Append("  ").Append(pair).Append(" (").Append(vias[0]);
                text.Append(vias.Count > 1 ? $", and {vias.Count - 1} more)" : ")");
            }
        }

        return text.ToString();
    }
}
