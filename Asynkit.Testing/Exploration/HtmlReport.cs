using System.Globalization;
using System.Net;
using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>Writes a self-contained HTML report of a failing schedule: verdict, replay token, statistics, a swim-lane timeline
/// (one lane per task, one block per step; hovering a block shows where the task resumed) and the text trace.</summary>
/// <remarks>No scripts, fonts or styles from elsewhere: the file opens offline and in CI artifact viewers.</remarks>
internal static class HtmlReport
{
    private const int LabelWidth = 190;
    private const int LaneHeight = 26;
    private const int AxisHeight = 34;

    /// <summary>The full path of the report of <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static string PathFor(string directory, string name, string suffix) =>
        Path.GetFullPath(Path.Combine(directory, $"{ReportFileName.Of(name, "exploration")}-{suffix}.html"));

    /// <summary>Writes the report of <paramref name="result"/> to <paramref name="path"/>, creating its folder if needed.</summary>
    public static void Write(string path, ExplorationResult result)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Render(result), Encoding.UTF8);
    }

    /// <summary>The coverage labels: a table of label, kind, schedules that reached it, hits and the first schedule.</summary>
    private static void AppendCoverage(StringBuilder html, ExplorationResult result)
    {
        if (result.Coverage.Count == 0)
        {
            return;
        }

        html.AppendLine("<h2>Coverage</h2>");
        html.AppendLine("<table class=\"coverage\" style=\"border-collapse:collapse;font-size:13px\"><tr><th align=\"left\">label</th><th>kind</th><th>schedules</th><th>hits</th><th>evaluations</th><th>first in</th></tr>");
        foreach (CoverageLabel label in result.Coverage)
        {
            string style = label.IsReached ? "" : " style=\"background:#fdecea\"";
            html.Append(CultureInfo.InvariantCulture, $"<tr{style}><td>{Encode(label.Label)}</td><td>{(label.IsSometimes ? "sometimes" : "reached")}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td align=\"right\">{label.Schedules:N0} of {result.SchedulesExplored:N0}</td><td align=\"right\">{label.Hits:N0}</td><td align=\"right\">{label.Evaluations:N0}</td>");
            html.Append("<td align=\"right\">").Append(label.FirstSchedule is { } first ? first.ToString("N0", CultureInfo.InvariantCulture) : "never").AppendLine("</td></tr>");
        }

        html.AppendLine("</table>");
    }

    public static string Render(ExplorationResult result)
    {
        var html = new StringBuilder();
        string title = !result.Failed ? $"{result.Name} passed"
            : result.FailingIteration is { } iteration ? $"{result.Name} failed in schedule {iteration}"
            : $"{result.Name} failed";
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>Asynkit: ").Append(Encode(title)).AppendLine("</title>");
        html.AppendLine("""
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1d2330;background:#fff}
            h1{font-size:20px;margin:0 0 8px} h2{font-size:16px;margin:24px 0 8px}
            .failure{background:#fdecea;border-left:4px solid #c62828;padding:8px 12px;white-space:pre-wrap;font-family:ui-monospace,Consolas,monospace;font-size:13px}
            dl{display:grid;grid-template-columns:max-content auto;gap:4px 16px;font-size:14px} dt{color:#5b6475} dd{margin:0}
            code.token{user-select:all;background:#f2f4f8;padding:2px 6px;border-radius:4px;word-break:break-all}
            .timeline{overflow-x:auto;border:1px solid #d9dee8;border-radius:6px;padding:4px}
            svg text{font-family:ui-monospace,Consolas,monospace;font-size:12px}
            rect.step{fill:#4a86d4} rect.step.pre{fill:#ef8a2c} rect.step.alt{fill:#7b5cc4} rect.step.cb{fill:#8a93a3}
            rect.step:hover{stroke:#111;stroke-width:2}
            .legend{font-size:14px} .legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 14px;vertical-align:middle}
            pre{background:#f7f8fa;border:1px solid #e3e7ee;padding:10px;font-size:12px;overflow-x:auto}
            </style></head><body>
            """);
        html.Append("<h1>").Append(Encode(title)).AppendLine("</h1>");
        if (result.Failure is { } failure)
        {
            html.Append("<div class=\"failure\">").Append(Encode($"{failure.GetType().FullName}: {failure.Message}")).AppendLine("</div>");
        }

        HtmlWarnings.Append(html, result.Warnings);
        html.AppendLine("<dl>");
        if (result.ReplayToken is not null)
        {
            Row(html, "Replay token", $"<code class=\"token\">{Encode(result.ReplayToken)}</code>");
        }

        Row(html, "Strategy", Encode(result.StrategyText()));
        if (result.Shrinking is not null)
        {
            Row(html, "Shrinking", Encode(result.Shrinking.ToString()));
        }

        Row(html, "Statistics", Encode(result.Statistics()));
        Row(html, "Stopped", Encode(result.StopReason));
        html.AppendLine("</dl>");
        AppendCoverage(html, result);
        if (result.TraceEvents is { Count: > 0 } events)
        {
            html.AppendLine("<h2>Timeline</h2>");
            html.AppendLine("<p class=\"legend\">One lane per task, one block per step; hover a block for where the task resumed."
                + "<span style=\"background:#4a86d4\"></span>step<span style=\"background:#ef8a2c\"></span>preemption"
                + "<span style=\"background:#7b5cc4\"></span>non-default choice<span style=\"background:#8a93a3\"></span>plain callback"
                + "<span style=\"background:#c62828;border-radius:6px\"></span>task failed</p>");
            html.Append("<div class=\"timeline\">");
            AppendTimeline(html, [.. events.Where(e => e.Kind != TraceEventKind.Warning)]);
            html.AppendLine("</div>");
        }

        if (result.Trace is not null)
        {
            html.AppendLine("<h2>Trace</h2>").Append("<pre>").Append(Encode(result.Trace)).AppendLine("</pre>");
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void AppendTimeline(StringBuilder html, IReadOnlyList<TraceEvent> events)
    {
        var lanes = new List<(int Id, string Label)>();
        var laneOf = new Dictionary<int, int>();
        var stepIndex = new Dictionary<long, int>();
        int steps = 0;
        foreach (TraceEvent e in events)
        {
            if (!laneOf.ContainsKey(e.TaskId))
            {
                laneOf[e.TaskId] = lanes.Count;
                lanes.Add((e.TaskId, TraceFormatter.TaskLabel(e)));
            }

            if (e.Kind == TraceEventKind.Step)
            {
                stepIndex[e.Step] = steps++;
            }
        }

        int width = Math.Clamp(1100 / Math.Max(1, steps), 5, 28);
        int svgWidth = LabelWidth + (steps * width) + 20;
        int svgHeight = AxisHeight + (lanes.Count * LaneHeight) + 8;
        var svg = html;
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{svgWidth}\" height=\"{svgHeight}\" role=\"img\" aria-label=\"schedule timeline\">");
        for (int i = 0; i < lanes.Count; i++)
        {
            int y = AxisHeight + (i * LaneHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"{y}\" width=\"{svgWidth}\" height=\"{LaneHeight}\" fill=\"{(i % 2 == 0 ? "#f5f7fb" : "#ffffff")}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"6\" y=\"{y + 17}\">{Encode(Shorten(lanes[i].Label, 24))}</text>");
        }

        int labelEvery = Math.Max(1, (int)Math.Ceiling(60.0 / width));
        long lastTime = -1;
        foreach (TraceEvent e in events)
        {
            if (e.Kind != TraceEventKind.Step)
            {
                continue;
            }

            int column = stepIndex[e.Step];
            int x = LabelWidth + (column * width);
            if (column % labelEvery == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"12\" fill=\"#5b6475\">{e.Step}</text>");
            }

            if (e.TimeTicks != lastTime)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"16\" x2=\"{x}\" y2=\"{svgHeight}\" stroke=\"#b8c0cc\" stroke-dasharray=\"2,3\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 2}\" y=\"28\" fill=\"#2e7d32\">{Encode(TraceFormatter.FormatTime(e.TimeTicks))}</text>");
                lastTime = e.TimeTicks;
            }

            int y = AxisHeight + (laneOf[e.TaskId] * LaneHeight) + 4;
            string kind = e.TaskId == 0 ? "step cb" : e.Preempted is not null ? "step pre" : e.Index != 0 ? "step alt" : "step";
            var tip = new StringBuilder();
            tip.Append(CultureInfo.InvariantCulture, $"step {e.Step}, {TraceFormatter.FormatTime(e.TimeTicks)}: {TraceFormatter.TaskLabel(e)}\nresumed at {e.Detail}");
            if (e.Location is not null)
            {
                tip.Append(" (").Append(e.Location).Append(')');
            }

            if (e.Preempted is not null)
            {
                tip.Append("\npreempts ").Append(e.Preempted);
            }

            if (e.Count > 1)
            {
                tip.Append(CultureInfo.InvariantCulture, $"\nran item {e.Index + 1} of {e.Count} ready");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{kind}\" x=\"{x + 1}\" y=\"{y}\" width=\"{Math.Max(2, width - 2)}\" height=\"{LaneHeight - 8}\" rx=\"2\"><title>{Encode(tip.ToString())}</title></rect>");
        }

        foreach (TraceEvent e in events)
        {
            if (e.Kind == TraceEventKind.Step || !stepIndex.TryGetValue(e.Step, out int column))
            {
                continue;
            }

            int x = LabelWidth + (column * width) + (width / 2);
            int y = AxisHeight + (laneOf[e.TaskId] * LaneHeight) + (LaneHeight / 2);
            if (e.Kind == TraceEventKind.Decision)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{x} {y - 6} l6 6 l-6 6 l-6 -6 z\" fill=\"#f4c20d\" stroke=\"#6b5800\"><title>{Encode($"decision '{e.Detail}' at step {e.Step}: option {e.Index} of {e.Count}")}</title></path>");
            }
            else if (e.Detail.StartsWith("failed", StringComparison.Ordinal))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x}\" cy=\"{y}\" r=\"6\" fill=\"#c62828\"><title>{Encode($"{TraceFormatter.TaskLabel(e)} {e.Detail} (step {e.Step})")}</title></circle>");
            }
        }

        svg.Append("</svg>");
    }

    private static void Row(StringBuilder html, string name, string valueHtml) =>
        html.Append("<dt>").Append(Encode(name)).Append("</dt><dd>").Append(valueHtml).AppendLine("</dd>");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "~");
}
