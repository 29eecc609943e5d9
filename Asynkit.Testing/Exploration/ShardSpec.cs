using System.Globalization;

namespace Asynkit.Testing.Exploration;

/// <summary>One shard of <c>ASYNKIT_SHARD=i/n</c>: shard <see cref="Index"/> (1-based) of <see cref="Count"/>.</summary>
internal readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>Parses "i/n" with 1 &lt;= i &lt;= n.</summary>
    /// <exception cref="FormatException">The text is not of that form; the message says what was expected.</exception>
    public static ShardSpec Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        int slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !int.TryParse(trimmed.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(trimmed.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            throw new FormatException($"{source} is '{text}', but it must be 'i/n': shard i (counted from 1) of n shards, for example '2/4'.");
        }

        if (count < 1 || index < 1 || index > count)
        {
            throw new FormatException($"{source} is '{text}', but in 'i/n' the shard number i must be between 1 and n, and n at least 1 (for example '1/4' to '4/4').");
        }

        return new ShardSpec(index, count);
    }

    /// <summary>The schedules of <paramref name="total"/> this shard runs: a 1-based first schedule and a count (0 when
    /// there are fewer schedules than shards). The n shards cover 1..total without gaps or overlap.</summary>
    public (int First, int Count) Range(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        long start = (long)total * (Index - 1) / Count;
        long end = (long)total * Index / Count;
        return ((int)start + 1, (int)(end - start));
    }

    /// <summary>"2/4".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
