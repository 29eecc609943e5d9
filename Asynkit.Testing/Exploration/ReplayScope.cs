using System.Text.RegularExpressions;

namespace Asynkit.Testing.Exploration;

/// <summary>Replay tokens scoped to one theory row: <c>"row 1a2b3c4d: ak1_..."</c> replays in the row whose key is 1a2b3c4d only.</summary>
internal static partial class ReplayScope
{
    /// <summary>Writes a token scoped to <paramref name="rowKey"/>, or the bare token when there is no row.</summary>
    public static string Scope(string token, string? rowKey) => rowKey is null ? token : $"row {rowKey}: {token}";

    /// <summary>The token that applies to the row <paramref name="rowKey"/> (null for a fact): a bare token applies to every
    /// test, a scoped one only to its row (and to a fact); null when <paramref name="replay"/> is scoped to another row.</summary>
    public static string? TokenFor(string replay, string? rowKey)
    {
        ArgumentNullException.ThrowIfNull(replay);
        Match match = ScopedToken().Match(replay);
        if (!match.Success)
        {
            return replay.Trim();
        }

        // A fact has no rows: a scoped token pasted on one still replays.
        return rowKey is null || string.Equals(match.Groups["key"].Value, rowKey, StringComparison.OrdinalIgnoreCase) ? match.Groups["token"].Value.Trim() : null;
    }

    [GeneratedRegex(@"^\s*row\s+(?<key>[0-9a-fA-F]{8})\s*:\s*(?<token>.+)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ScopedToken();
}
