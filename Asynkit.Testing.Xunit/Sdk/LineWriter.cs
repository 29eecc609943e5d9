using System.Text;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>A TextWriter that hands each complete line to a callback (the test's output); thread-safe, as Coyote logs from
/// several threads.</summary>
internal sealed class LineWriter(Action<string> writeLine) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _lock = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_lock)
        {
            if (value == '\n')
            {
                Flush(_line);
            }
            else if (value != '\r')
            {
                _line.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_lock)
        {
            foreach (char c in value)
            {
                if (c == '\n')
                {
                    Flush(_line);
                }
                else if (c != '\r')
                {
                    _line.Append(c);
                }
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                if (_line.Length > 0)
                {
                    Flush(_line);
                }
            }
        }

        base.Dispose(disposing);
    }

    private void Flush(StringBuilder line)
    {
        writeLine(line.ToString());
        line.Clear();
    }
}
