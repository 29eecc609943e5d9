using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>Turns a test or exploration name into a safe, short file-name stem for reports.</summary>
internal static class ReportFileName
{
    /// <summary>ASCII letters, digits, '.', '-' and '_' kept, anything else '_', at most 80 characters; <paramref name="fallback"/> when empty.</summary>
    internal static string Of(string name, string fallback)
    {
        var file = new StringBuilder();
        foreach (char c in name)
        {
            file.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
            if (file.Length == 80)
            {
                break;
            }
        }

        return file.Length == 0 ? fallback : file.ToString();
    }
}
