namespace Asynkit.Testing.Tests.Architecture;

/// <summary>The folder order of docs/architecture.md: its line "Loop &lt;- Scheduling, Coroutines, Monitors &lt;- ...", lowest
/// layer first; folders in one group are siblings, which do not use each other.</summary>
internal sealed class LayerOrder
{
    private const string Marker = "Loop <- ";

    private readonly Dictionary<string, int> _rank;

    private LayerOrder(Dictionary<string, int> rank, string line)
    {
        _rank = rank;
        Line = line;
    }

    public string Line { get; }

    public IEnumerable<string> Layers => _rank.Keys;

    public static LayerOrder FromDocs()
    {
        string path = Path.Combine(RepositoryRoot(), "docs", "architecture.md");
        string line = File.ReadLines(path).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{path} has no line starting with \"{Marker}\" giving the folder order.");
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] groups = line.Split("<-", StringSplitOptions.TrimEntries);
        for (int i = 0; i < groups.Length; i++)
        {
            foreach (string layer in groups[i].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                rank.Add(layer, i);
            }
        }

        return new LayerOrder(rank, line);
    }

    public bool Knows(string layer) => _rank.ContainsKey(layer);

    /// <summary>True when a type of <paramref name="from"/> may use a type of <paramref name="to"/>: the same folder or a lower group.</summary>
    public bool MayUse(string from, string to) => from == to || _rank[to] < _rank[from];

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Asynkit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Asynkit.sln above {AppContext.BaseDirectory}.");
    }
}
