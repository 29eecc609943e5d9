using System.Net;
using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>The warnings section of the HTML report: what the reported runs noted without failing.</summary>
internal static class HtmlWarnings
{
    public static void Append(StringBuilder html, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(warnings);
        if (warnings.Count == 0)
        {
            return;
        }

        html.AppendLine("<div class=\"warnings\" style=\"background:#fff8e1;border-left:4px solid #f9a825;padding:8px 12px;margin:8px 0;font-size:13px\"><strong>Warnings</strong><ul>");
        foreach (string warning in warnings)
        {
            html.Append("<li>").Append(WebUtility.HtmlEncode(warning)).AppendLine("</li>");
        }

        html.AppendLine("</ul></div>");
    }
}
