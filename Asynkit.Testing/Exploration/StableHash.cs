using System.Globalization;
using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>FNV-1a (32-bit) over UTF-8: the same value on every machine, process and .NET version, unlike string.GetHashCode.</summary>
internal static class StableHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>The FNV-1a hash of <paramref name="text"/>'s UTF-8 bytes.</summary>
    public static uint Fnv1a(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Fnv1a(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The FNV-1a hash of <paramref name="data"/> (also the replay token's checksum).</summary>
    public static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        uint hash = OffsetBasis;
        foreach (byte b in data)
        {
            hash = unchecked((hash ^ b) * Prime);
        }

        return hash;
    }

    /// <summary>The seed derived from a name (the hash's 32 bits, read as a signed int): the one function that gives a test its
    /// seed when none is set, for <see cref="Explorer"/>, the test attributes and ASYNKIT_SEED alike.</summary>
    public static int Seed(string text) => unchecked((int)Fnv1a(text));

    /// <summary>The hash as 8 lower-case hex digits.</summary>
    public static string Hex(string text) => Fnv1a(text).ToString("x8", CultureInfo.InvariantCulture);
}
