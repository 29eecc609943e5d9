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
    private const int MinBlockWidth = 20;
    private const int DeadlockWidth = 700;

    /// <summary>The full path of the report of <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static string PathFor(string directory, string name, string suffix) =>
        Path.GetFullPath(Path.Combine(directory, $"{ReportFileName.Of(name, "exploration")}-{suffix}.html"));

    /// <summary>Writes the report of <paramref name="result"/> to <paramref name="path"/>, creating its folder if needed; returns
    /// null, or why it could not.</summary>
    public static string? TryWrite(string path, ExplorationResult result) => ReportFolder.TryWrite(path, Render(result));

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
            rect.step{fill:#4a86d4} rect.step.pre{fill:#ef8a2c} rect.step.alt{fill:#a9bfe3} rect.step.cb{fill:#8a93a3}
            rect.step:hover{stroke:#111;stroke-width:2}
            .legend{font-size:14px} .legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 14px;vertical-align:middle}
            .replay{background:#eef6ee;border-left:4px solid #2e7d32;padding:8px 12px;margin:12px 0;font-size:14px}
            .replay code{font-family:ui-monospace,Consolas,monospace;user-select:all;word-break:break-all}
            .replay button{margin-left:8px}
            svg text.label{font-size:9px;fill:#fff;pointer-events:none} svg text.label.alt{fill:#1d2330}
            path.wake{fill:none;stroke:#3d4655;stroke-width:1;opacity:.45;pointer-events:none}
            rect.blocked{fill:#fff;stroke:#c62828;stroke-width:2;stroke-dasharray:3,2} text.blocked{fill:#a31515}
            pre{background:#f7f8fa;border:1px solid #e3e7ee;padding:10px;font-size:12px;overflow-x:auto}
            </style></head><body>
            """);
        html.Append("<h1>").Append(Encode(title)).AppendLine("</h1>");
        if (result.Failure is { } failure)
        {
            html.Append("<div class=\"failure\">").Append(Encode($"{failure.GetType().FullName}: {failure.Message}")).AppendLine("</div>");
        }

        HtmlWarnings.Append(html, result.Warnings);
        if (result.ReplayToken is { } replayToken)
        {
            // The exact line to paste (xunit's attribute, AsynkitTest's options, or Explorer.Replay) and a copy button.
            string line = $"[AsynkitFact(Replay = \"{replayToken}\")]";
            html.Append("<div class=\"replay\">Replay this schedule in one run: paste <code id=\"replay-line\">").Append(Encode(line)).Append("</code>")
                .Append("<button type=\"button\" onclick=\"navigator.clipboard.writeText(document.getElementById('replay-line').textContent)\">Copy</button>")
                .Append("<br>or <code>").Append(Encode($"new AsynkitTestOptions {{ Replay = \"{replayToken}\" }}")).Append("</code> (AsynkitTest.Run), or <code>")
                .Append(Encode($"Explorer.Replay(test, \"{replayToken}\")")).AppendLine("</code>.</div>");
        }

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
            html.AppendLine("<p class=\"legend\">One lane per task (and per timer, named by the line that created it), one block per step labelled with"
                + " the line it resumed at; hover a block for the full place, and for the step that woke it (the arrows)."
                + "<span style=\"background:#4a86d4\"></span>step<span style=\"background:#ef8a2c\"></span>preemption"
                + "<span style=\"background:#a9bfe3\"></span>non-default choice<span style=\"background:#8a93a3\"></span>plain callback"
                + "<span style=\"background:#c62828;border-radius:6px\"></span>task failed"
                + "<span style=\"border:2px dashed #c62828;width:9px;height:9px\"></span>blocked at the end (deadlock)</p>");
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
        // One lane per task, one per timer (named by where user code created it), one for the other plain callbacks.
        var lanes = new List<string>();
        var laneOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var stepIndex = new Dictionary<long, int>();
        var stepEvent = new Dictionary<long, TraceEvent>();
        foreach (TraceEvent e in events)
        {
            string key = LaneKey(e);
            if (!laneOf.ContainsKey(key))
            {
                laneOf[key] = lanes.Count;
                lanes.Add(LaneLabel(e));
            }

            if (e.Kind == TraceEventKind.Step)
            {
                stepIndex[e.Step] = stepIndex.Count;
                stepEvent[e.Step] = e;
            }
        }

        int steps = stepIndex.Count;
        List<TraceEvent> blocked = [.. events.Where(e => e.Kind == TraceEventKind.Blocked)];
        int width = Math.Clamp(1100 / Math.Max(1, steps), MinBlockWidth, 40);
        int timelineEnd = LabelWidth + (steps * width);
        int svgWidth = timelineEnd + (blocked.Count > 0 ? DeadlockWidth : 20);
        int svgHeight = AxisHeight + (lanes.Count * LaneHeight) + 8;
        var svg = html;
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{svgWidth}\" height=\"{svgHeight}\" role=\"img\" aria-label=\"schedule timeline\">");
        svg.Append("<defs><marker id=\"wake-head\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0 0 L8 4 L0 8 z\" fill=\"#3d4655\"/></marker></defs>");
        for (int i = 0; i < lanes.Count; i++)
        {
            int y = AxisHeight + (i * LaneHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"{y}\" width=\"{svgWidth}\" height=\"{LaneHeight}\" fill=\"{(i % 2 == 0 ? "#f5f7fb" : "#ffffff")}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"6\" y=\"{y + 17}\"><title>{Encode(lanes[i])}</title>{Encode(Shorten(lanes[i], 26))}</text>");
        }

        int labelEvery = Math.Max(1, (int)Math.Ceiling(60.0 / width));
        long lastTime = -1;
        var arrows = new StringBuilder();
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

            int lane = laneOf[LaneKey(e)];
            int y = AxisHeight + (lane * LaneHeight) + 4;
            string kind = e.TaskId == 0 ? "step cb" : e.Preempted is not null ? "step pre" : e.Index != 0 ? "step alt" : "step";
            var tip = new StringBuilder();
            tip.Append(CultureInfo.InvariantCulture, $"step {e.Step}, {TraceFormatter.FormatTime(e.TimeTicks)}: {LaneLabel(e)}\nresumed at {e.Detail}");
            if (e.Location is not null)
            {
                tip.Append(" (").Append(e.Location).Append(')');
            }

            if (e.Origin is not null)
            {
                tip.Append("\ntimer created at ").Append(e.Origin);
            }

            if (e.WokenBy > 0 && stepEvent.TryGetValue(e.WokenBy, out TraceEvent waker))
            {
                string verb = e.Detail == "start" ? "created by" : e.Origin is not null || e.Detail == "timer fires" ? "armed by" : "woken by";
                tip.Append(CultureInfo.InvariantCulture, $"\n{verb} step {e.WokenBy} ({(SameLane(waker, e) ? "itself" : LaneLabel(waker))})");
                if (!SameLane(waker, e))
                {
                    AppendWakeArrow(arrows, stepIndex[waker.Step], laneOf[LaneKey(waker)], column, lane, width);
                }
            }

            if (e.Preempted is not null)
            {
                tip.Append("\npreempts ").Append(e.Preempted);
            }

            if (e.Count > 1)
            {
                tip.Append(CultureInfo.InvariantCulture, $"\nran item {e.Index + 1} of {e.Count} ready");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{kind}\" x=\"{x + 1}\" y=\"{y}\" width=\"{width - 2}\" height=\"{LaneHeight - 8}\" rx=\"2\"><title>{Encode(tip.ToString())}</title></rect>");

            // Every block carries its resume point: the line it resumed at (a timer: the line that created it), "st" for a task's
            // first step, else the first letters of what ran; cut to what fits, the full text in the tooltip.
            string label = BlockLabel(e);
            int fits = Math.Max(1, (width - 2) * 2 / 11); // 9px monospace: about 5.5px a character
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"{(kind == "step alt" ? "label alt" : "label")}\" x=\"{x + 2}\" y=\"{y + 13}\">{Encode(label.Length <= fits ? label : label[..(fits - 1)] + "~")}</text>");
        }

        svg.Append(arrows);
        foreach (TraceEvent e in events)
        {
            if (e.Kind is TraceEventKind.Step or TraceEventKind.Blocked || !stepIndex.TryGetValue(e.Step, out int column))
            {
                continue;
            }

            int x = LabelWidth + (column * width) + (width / 2);
            TraceEvent owner = e.Kind == TraceEventKind.Decision && stepEvent.TryGetValue(e.Step, out TraceEvent step) ? step : e;
            int y = AxisHeight + (laneOf[LaneKey(owner)] * LaneHeight) + (LaneHeight / 2);
            if (e.Kind == TraceEventKind.Decision)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{x} {y - 6} l6 6 l-6 6 l-6 -6 z\" fill=\"#f4c20d\" stroke=\"#6b5800\"><title>{Encode($"decision '{e.Detail}' at step {e.Step}: option {e.Index} of {e.Count}")}</title></path>");
            }
            else if (e.Detail.StartsWith("failed", StringComparison.Ordinal))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x}\" cy=\"{y}\" r=\"6\" fill=\"#c62828\"><title>{Encode($"{TraceFormatter.TaskLabel(e)} {e.Detail} (step {e.Step})")}</title></circle>");
            }
        }

        // A deadlock: past the last step, each blocked task's lane says what it waits for.
        foreach (TraceEvent e in blocked)
        {
            int y = AxisHeight + (laneOf[LaneKey(e)] * LaneHeight) + 4;
            string text = $"{TraceFormatter.TaskLabel(e)} {e.Detail}";
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"blocked\"><title>{Encode($"deadlock: {text}")}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"blocked\" x=\"{timelineEnd + 4}\" y=\"{y}\" width=\"18\" height=\"{LaneHeight - 8}\" rx=\"2\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"blocked\" x=\"{timelineEnd + 28}\" y=\"{y + 13}\">{Encode(Shorten(e.Detail, (DeadlockWidth - 36) * 2 / 15))}</text></g>");
        }

        svg.Append("</svg>");
    }

    /// <summary>A curve from the block of the step that made a step ready to the start of that step's block.</summary>
    private static void AppendWakeArrow(StringBuilder arrows, int fromColumn, int fromLane, int toColumn, int toLane, int width)
    {
        int x1 = LabelWidth + (fromColumn * width) + (width / 2);
        int y1 = AxisHeight + (fromLane * LaneHeight) + (fromLane < toLane ? LaneHeight - 4 : 4);
        int x2 = LabelWidth + (toColumn * width) + 1;
        int y2 = AxisHeight + (toLane * LaneHeight) + (LaneHeight / 2);
        int bend = Math.Max(width, (x2 - x1) / 2);
        arrows.Append(CultureInfo.InvariantCulture, $"<path class=\"wake\" d=\"M{x1} {y1} C{x1} {y2} {x2 - bend} {y2} {x2} {y2}\" marker-end=\"url(#wake-head)\"/>");
    }

    private static string LaneKey(in TraceEvent e) => e.TaskId != 0 ? "task " + e.TaskId.ToString(CultureInfo.InvariantCulture)
        : e.Origin is not null ? "timer " + e.Origin
        : "(callback)";

    private static string LaneLabel(in TraceEvent e) => e.TaskId != 0 ? TraceFormatter.TaskLabel(e)
        : e.Origin is not null ? "timer " + SourceOf(e.Origin)
        : "(callback)";

    /// <summary>"File.cs:42" of "Type.Method in File.cs:42" (a method without a PDB stays as it is).</summary>
    private static string SourceOf(string origin) =>
        origin.LastIndexOf(" in ", StringComparison.Ordinal) is int at and >= 0 ? origin[(at + 4)..] : origin;

    private static bool SameLane(in TraceEvent a, in TraceEvent b) => LaneKey(a) == LaneKey(b);

    private static string BlockLabel(in TraceEvent e)
    {
        string? where = e.Location ?? (e.Origin is not null ? SourceOf(e.Origin) : null);
        if (where is not null && where.LastIndexOf(':') is int colon and >= 0)
        {
            return where[(colon + 1)..];
        }

        return e.Detail == "start" ? "st" : e.Detail == "timer fires" ? "tm" : e.Detail.Length > 0 ? e.Detail[..Math.Min(2, e.Detail.Length)] : "?";
    }

    private static void Row(StringBuilder html, string name, string valueHtml) =>
        html.Append("<dt>").Append(Encode(name)).Append("</dt><dd>").Append(valueHtml).AppendLine("</dd>");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "~");
}
