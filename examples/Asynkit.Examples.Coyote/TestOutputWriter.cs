using System.Text;
using Xunit.Abstractions;

namespace Asynkit.Examples.Coyote;

/// <summary>A TextWriter over xunit's test output, so Coyote's log lands in the test's output instead of stdout.</summary>
public sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
{
    private readonly StringBuilder _line = new();

    /// <summary>UTF-8.</summary>
    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Buffers until a newline, then writes the line.</summary>
    public override void Write(char value)
    {
        if (value == '\n')
        {
            output.WriteLine(_line.ToString().TrimEnd('\r'));
            _line.Clear();
        }
        else
        {
            _line.Append(value);
        }
    }
}
