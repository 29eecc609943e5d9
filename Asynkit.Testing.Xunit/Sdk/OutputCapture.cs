using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Gives every schedule's test class instance its own <see cref="ITestOutputHelper"/>, so that the reported output is
/// that of one run (the last one: for a failure, the replay of the reported schedule) rather than of all of them.</summary>
/// <remarks>Only the first run can stream its output live to the runner, and only when asked (single runs, not explorations).</remarks>
internal sealed class OutputCapture
{
    private readonly object[] _constructorArguments;
    private readonly int _index;
    private readonly IMessageBus _messageBus;
    private readonly ITest _test;
    private readonly bool _streamFirstRun;
    private readonly Lock _lock = new();
    private TestOutputHelper? _last;
    private int _runs;

    public OutputCapture(object[] constructorArguments, IMessageBus messageBus, ITest test, bool streamFirstRun)
    {
        _constructorArguments = constructorArguments;
        _index = Array.FindIndex(constructorArguments, a => a is Func<TestOutputHelper> or TestOutputHelper);
        _messageBus = messageBus;
        _test = test;
        _streamFirstRun = streamFirstRun;
    }

    /// <summary>The output the last run wrote ("" when the test class takes no ITestOutputHelper).</summary>
    public string LastRunOutput => _last?.Output ?? "";

    /// <summary>The constructor arguments for the next run, with a fresh output helper.</summary>
    public object[] ArgumentsForNextRun()
    {
        if (_index < 0)
        {
            return _constructorArguments;
        }

        // Schedules may run on several threads at once (Parallelism): one lock keeps "first" and "last" whole.
        var helper = new TestOutputHelper();
        lock (_lock)
        {
            bool live = _streamFirstRun && _runs++ == 0;
            helper.Initialize(live ? _messageBus : DiscardingMessageBus.Instance, _test);
            _last = helper;
        }

        object[] arguments = (object[])_constructorArguments.Clone();
        arguments[_index] = helper;
        return arguments;
    }
}
