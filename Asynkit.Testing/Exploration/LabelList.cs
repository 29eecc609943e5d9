namespace Asynkit.Testing.Exploration;

/// <summary>A list of labels with value equality, so that <see cref="TestSettings"/> (a record) stays equal to itself after a
/// test framework serialized and read it back.</summary>
internal sealed class LabelList : IReadOnlyList<string>, IEquatable<LabelList>
{
    private readonly string[] _labels;

    public LabelList(IEnumerable<string> labels) => _labels = [.. labels];

    public int Count => _labels.Length;

    public string this[int index] => _labels[index];

    public bool Equals(LabelList? other) => other is not null && _labels.AsSpan().SequenceEqual(other._labels);

    public override bool Equals(object? obj) => Equals(obj as LabelList);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (string label in _labels)
        {
            hash.Add(label, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_labels).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _labels.GetEnumerator();

    public override string ToString() => string.Join(", ", _labels);
}
