using System.Globalization;
using Microsoft.Coyote.Logging;

namespace Asynkit.Testing.Coyote;

/// <summary>Coyote's logger: sends Coyote's log to a <see cref="TextWriter"/> of ours (or nowhere), never to stdout.</summary>
/// <remarks>In loop mode the test delegate lives in Asynkit.Testing, which is not rewritten and needs no rewriting; Coyote's
/// "Assembly is not rewritten" complaint is dropped there (and for a rewritten-mode delegate that only calls into a checked,
/// rewritten assembly). Coyote may log from several threads: writes are serialized.</remarks>
internal sealed class CoyoteLog : ILogger
{
    private const string NotRewrittenMessage = "Assembly is not rewritten for testing";

    private readonly TextWriter? _output;
    private readonly VerbosityLevel _level;
    private readonly bool _dropNotRewritten;
    private readonly Lock _lock = new();
    private bool _droppingLine;

    public CoyoteLog(TextWriter? output, bool verbose, bool dropNotRewritten)
    {
        _output = output;
        _level = verbose ? VerbosityLevel.Info : VerbosityLevel.Warning;
        _dropNotRewritten = dropNotRewritten;
    }

    /// <summary>Coyote's verbosity for its configuration.</summary>
    public VerbosityLevel Level => _level;

    public void Write(string value) => Emit(LogSeverity.Info, value, newLine: false);

    public void Write(string format, object arg0) => Emit(LogSeverity.Info, Format(format, arg0), newLine: false);

    public void Write(string format, object arg0, object arg1) => Emit(LogSeverity.Info, Format(format, arg0, arg1), newLine: false);

    public void Write(string format, object arg0, object arg1, object arg2) => Emit(LogSeverity.Info, Format(format, arg0, arg1, arg2), newLine: false);

    public void Write(string format, params object[] args) => Emit(LogSeverity.Info, Format(format, args), newLine: false);

    public void Write(LogSeverity severity, string value) => Emit(severity, value, newLine: false);

    public void Write(LogSeverity severity, string format, object arg0) => Emit(severity, Format(format, arg0), newLine: false);

    public void Write(LogSeverity severity, string format, object arg0, object arg1) => Emit(severity, Format(format, arg0, arg1), newLine: false);

    public void Write(LogSeverity severity, string format, object arg0, object arg1, object arg2) => Emit(severity, Format(format, arg0, arg1, arg2), newLine: false);

    public void Write(LogSeverity severity, string format, params object[] args) => Emit(severity, Format(format, args), newLine: false);

    public void WriteLine(string value) => Emit(LogSeverity.Info, value, newLine: true);

    public void WriteLine(string format, object arg0) => Emit(LogSeverity.Info, Format(format, arg0), newLine: true);

    public void WriteLine(string format, object arg0, object arg1) => Emit(LogSeverity.Info, Format(format, arg0, arg1), newLine: true);

    public void WriteLine(string format, object arg0, object arg1, object arg2) => Emit(LogSeverity.Info, Format(format, arg0, arg1, arg2), newLine: true);

    public void WriteLine(string format, params object[] args) => Emit(LogSeverity.Info, Format(format, args), newLine: true);

    public void WriteLine(LogSeverity severity, string value) => Emit(severity, value, newLine: true);

    public void WriteLine(LogSeverity severity, string format, object arg0) => Emit(severity, Format(format, arg0), newLine: true);

    public void WriteLine(LogSeverity severity, string format, object arg0, object arg1) => Emit(severity, Format(format, arg0, arg1), newLine: true);

    public void WriteLine(LogSeverity severity, string format, object arg0, object arg1, object arg2) => Emit(severity, Format(format, arg0, arg1, arg2), newLine: true);

    public void WriteLine(LogSeverity severity, string format, params object[] args) => Emit(severity, Format(format, args), newLine: true);

    /// <summary>Writes a line of our own (a rewriting-gap warning, say) to the same output.</summary>
    public void Note(string line) => Emit(LogSeverity.Important, line, newLine: true);

    public void Dispose()
    {
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);

    private void Emit(LogSeverity severity, string text, bool newLine)
    {
        if (_output is null || !IsShown(severity))
        {
            return;
        }

        lock (_lock)
        {
            if (_dropNotRewritten && text.Contains(NotRewrittenMessage, StringComparison.Ordinal))
            {
                // Loop mode needs no rewriting (the loop, not Coyote's rewriter, controls the interleavings); rewritten mode checked it.
                _droppingLine = !newLine;
                return;
            }

            if (_droppingLine)
            {
                _droppingLine = !newLine;
                return;
            }

            try
            {
                if (newLine)
                {
                    _output.WriteLine(text);
                }
                else
                {
                    _output.Write(text);
                }
            }
            catch (InvalidOperationException)
            {
                // An xunit output helper refuses writes once its test has finished; Coyote may still be winding down.
            }
        }
    }

    private bool IsShown(LogSeverity severity) => severity switch
    {
        LogSeverity.Important or LogSeverity.Error => true,
        LogSeverity.Warning => _level >= VerbosityLevel.Warning,
        LogSeverity.Info => _level >= VerbosityLevel.Info,
        _ => _level >= VerbosityLevel.Debug,
    };
}
