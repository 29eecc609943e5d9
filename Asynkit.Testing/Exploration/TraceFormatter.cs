using System.Globalization;
using System.Text;

namespace Asynkit.Testing.Exploration;

/// <summary>Formats a schedule's trace as text: one line per step (number, virtual time, task, where it resumed), preemptions
/// marked with '*', decisions and task ends indented, and the failure at the end.</summary>
internal static class TraceFormatter
{
    private const int MaxTaskWidth = 28;

    public static string Format(IReadOnlyList<TraceEvent> events, Exception? failure)
    {
        int taskWidth = 4;
        int stepWidth = 4;
        foreach (TraceEvent e in events)
        {
            taskWidth = Math.Max(taskWidth, Math.Min(MaxTaskWidth, TaskLabel(e).Length));
            stepWidth = Math.Max(stepWidth, e.Step.ToString(CultureInfo.InvariantCulture).Length);
        }

        var text = new StringBuilder();
        text.Append("step".PadLeft(stepWidth)).Append("  ").Append("time".PadRight(8)).Append("   ").Append("task".PadRight(taskWidth)).AppendLine("  resumed at");
        foreach (TraceEvent e in events)
        {
            switch (e.Kind)
            {
                case TraceEventKind.Step:
                    text.Append(e.Step.ToString(CultureInfo.InvariantCulture).PadLeft(stepWidth)).Append("  ");
                    text.Append(FormatTime(e.TimeTicks).PadRight(8)).Append(' ');
                    text.Append(e.Preempted is not null ? '*' : ' ').Append(' ');
                    text.Append(Fit(TaskLabel(e), taskWidth)).Append("  ");
                    text.Append(e.Detail);
                    if (e.Location is not null)
                    {
                        text.Append(" (").Append(e.Location).Append(')');
                    }

                    AppendNote(text, e);
                    break;
                case TraceEventKind.Warning:
                    text.Append(' ', stepWidth + 13).Append("warning: ").Append(e.Detail);
                    break;
                case TraceEventKind.Decision:
                    text.Append(' ', stepWidth + 13).Append("decision '").Append(e.Detail).Append("' -> option ").Append(e.Index).Append(" of ").Append(e.Count);
                    text.Append(e.Index == 0 ? " (default)" : "");
                    break;
                default:
                    text.Append(' ', stepWidth + 13).Append(TaskLabel(e)).Append(' ').Append(e.Detail);
                    break;
            }

            text.AppendLine();
        }

        if (failure is not null)
        {
            text.Append("Failure: ").Append(failure.GetType().Name).Append(": ");
            string[] lines = failure.Message.Split('\n');
            text.AppendLine(lines[0].TrimEnd('\r'));
            for (int i = 1; i < lines.Length; i++)
            {
                text.Append("  ").AppendLine(lines[i].TrimEnd('\r'));
            }
        }
        else
        {
            text.AppendLine("(the schedule passed)");
        }

        return text.ToString();
    }

    public static string TaskLabel(in TraceEvent e) => e.TaskId == 0 ? "(callback)" : $"{e.TaskName} #{e.TaskId}";

    public static string FormatTime(long ticks)
    {
        if (ticks == 0)
        {
            return "+0s";
        }

        var time = TimeSpan.FromTicks(ticks);
        if (time < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"+{time.TotalMilliseconds:0.###}ms");
        }

        return time < TimeSpan.FromMinutes(1)
            ? string.Create(CultureInfo.InvariantCulture, $"+{time.TotalSeconds:0.###}s")
            : "+" + time.ToString("c", CultureInfo.InvariantCulture);
    }

    private static void AppendNote(StringBuilder text, in TraceEvent e)
    {
        if (e.Preempted is null && e.Index == 0)
        {
            return;
        }

        text.Append("   [");
        if (e.Preempted is not null)
        {
            text.Append("preempts ").Append(e.Preempted).Append("; ");
        }

        text.Append("item ").Append(e.Index + 1).Append(" of ").Append(e.Count).Append(']');
    }

    private static string Fit(string value, int width) =>
        value.Length <= width ? value.PadRight(width) : string.Concat(value.AsSpan(0, width - 1), "~");
}
