using System.Globalization;
using System.Runtime.CompilerServices;

namespace Asynkit.Testing.Exploration;

/// <summary>Runs a test body on the loop from any test framework, in one line: once in FIFO order, explored, or replayed, with
/// everything the xunit attributes do (the ASYNKIT_* variables, the seed from the test's name, shrinking, one exception whose
/// message starts with the line to paste, the HTML and text reports, the timeout and the stuck-step watchdog).</summary>
/// <remarks>
/// <para><c>AsynkitTest.Run(new() { Iterations = 500 }, async () => { ... });</c> in an NUnit <c>[Test]</c>, an MSTest
/// <c>[TestMethod]</c> or any other test method. A failing schedule is thrown as one <see cref="ExplorationFailedException"/>
/// whose message starts with <c>Replay it in one run by pasting: new AsynkitTestOptions { Replay = "ak1_..." }</c>.</para>
/// <para>Every run of the body (each schedule, each shrinking candidate, the traced replay) starts from a clean
/// ExecutionContext on the loop's own thread: no failure of a run but the reported one reaches the test framework (NUnit would
/// otherwise record each failed assertion of each run in the test's result). AsyncLocal values set before <c>Run</c> are
/// therefore not seen by the body: build the test's state inside it.</para>
/// </remarks>
public static class AsynkitTest
{
    /// <summary>Runs <paramref name="test"/> once, deterministically, in asyncio (FIFO) order.</summary>
    /// <param name="test">The test body; it builds all its state inside (every schedule runs it afresh).</param>
    /// <param name="caller">Filled in by the compiler: the calling test method.</param>
    /// <param name="callerFile">Filled in by the compiler: its file (the default name is "File.Method").</param>
    /// <exception cref="ExplorationFailedException">The run failed; the message starts with what reproduces it.</exception>
    public static void Run(Func<Task> test, [CallerMemberName] string caller = "", [CallerFilePath] string callerFile = "") =>
        Run(AsynkitTestOptions.Default, test, caller, callerFile);

    /// <summary>Runs <paramref name="test"/> as <paramref name="options"/> say: one FIFO run, an exploration, or a replay.</summary>
    /// <param name="options">Iterations, strategy, seed, replay token, timeout, name.</param>
    /// <param name="test">The test body; it builds all its state inside (every schedule runs it afresh).</param>
    /// <param name="caller">Filled in by the compiler: the calling test method.</param>
    /// <param name="callerFile">Filled in by the compiler: its file (the default name is "File.Method").</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="InvalidOperationException">Called inside a running loop.</exception>
    /// <exception cref="ExplorationFailedException">A schedule failed; the message starts with what reproduces it.</exception>
    /// <exception cref="TimeoutException">The timeout ended the exploration before the schedules asked for ran.</exception>
    /// <exception cref="FormatException">An ASYNKIT_* variable or the replay token is malformed.</exception>
    public static void Run(AsynkitTestOptions options, Func<Task> test, [CallerMemberName] string caller = "", [CallerFilePath] string callerFile = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(test);
        if (AsynkitLoop.Current is not null)
        {
            throw new InvalidOperationException("AsynkitTest.Run runs each schedule on its own AsynkitLoop, so it cannot be called inside a running loop: call it from the test method itself.");
        }

        TestSettings settings = options.ToSettings();
        if (settings.Validate(nameof(AsynkitTestOptions)) is { } invalid)
        {
            throw new ArgumentException(invalid, nameof(options));
        }

        string name = options.Name ?? NameOf(caller, callerFile);
        int timeout = options.Timeout is { } limit ? (int)Math.Clamp(limit.TotalMilliseconds, 1, int.MaxValue) : 0;
        TestPlan plan = TestPlan.Create(settings, name, null, timeout);
        TextWriter output = options.Output ?? Console.Out;
        var watch = new RunWatch();
        Func<Task> body = watch.Watching(test);
        new TestRun
        {
            Plan = plan,
            Watch = watch,
            Explore = explorationOptions => Explorer.Explore(body, explorationOptions),
            Surface = textReport => FailureSurface.Of(plan, ReplayLine) with { TextReportPath = textReport },
            WriteLine = output.WriteLine,
            ThreadName = $"Asynkit loop: {name}",
            Isolate = true,
        }.Execute();
    }

    /// <summary>The line that replays <paramref name="token"/>: the options to pass instead.</summary>
    internal static string ReplayLine(string token) => $"new AsynkitTestOptions {{ Replay = \"{token}\" }}";

    /// <summary>"File.Method": stable across machines and runs (no path), so the seed derived from it is too.</summary>
    internal static string NameOf(string caller, string callerFile)
    {
        string file = Path.GetFileNameWithoutExtension(callerFile.Replace('\\', '/').Split('/')[^1]);
        return string.IsNullOrEmpty(file) ? caller : string.Create(CultureInfo.InvariantCulture, $"{file}.{caller}");
    }
}
