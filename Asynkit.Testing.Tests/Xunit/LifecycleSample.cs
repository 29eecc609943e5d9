using Asynkit.Testing.Xunit;
using Xunit.Abstractions;

namespace Asynkit.Testing.Tests.XunitIntegration;

/// <summary>Records its whole lifecycle; run for real (where the recorder is a class fixture) and by <see cref="LifecycleTests"/>.</summary>
[RecordBeforeAfter]
public sealed class LifecycleSample : IClassFixture<LifecycleRecorder>, IAsyncLifetime, IDisposable
{
    private readonly LifecycleRecorder _recorder;
    private readonly int _instance;

    public LifecycleSample(LifecycleRecorder recorder)
    {
        _recorder = recorder;
        _instance = recorder.NextInstance();
        recorder.Record("constructor", _instance);
    }

    public async Task InitializeAsync()
    {
        _recorder.Record("InitializeAsync", _instance);
        await Task.Yield();
    }

    [AsynkitFact]
    public async Task Fifo()
    {
        _recorder.Record("method", _instance);
        await Task.Yield();
    }

    [AsynkitFact(Iterations = 5)]
    public async Task Explored()
    {
        _recorder.Record("method", _instance);
        await RacePrograms.LockedCounterAsync(2);
    }

    public async Task DisposeAsync()
    {
        _recorder.Record("DisposeAsync", _instance);
        await Task.Yield();
    }

    public void Dispose() => _recorder.Record("Dispose", _instance);
}

/// <summary>Writes to its ITestOutputHelper; run by <see cref="LifecycleTests"/>.</summary>
public sealed class OutputSample(ITestOutputHelper output)
{
    [AsynkitFact]
    public async Task Fifo()
    {
        output.WriteLine("fifo says hello");
        await Task.Yield();
    }

    [AsynkitFact(Iterations = 3)]
    public async Task Explored()
    {
        output.WriteLine("one schedule");
        await Task.Yield();
    }
}
