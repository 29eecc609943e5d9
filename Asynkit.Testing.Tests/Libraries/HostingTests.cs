using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Asynkit.Testing.Tests.Libraries;

/// <summary>Microsoft.Extensions.Hosting: on .NET 10, BackgroundService starts ExecuteAsync with Task.Run, and Host.StopAsync awaits
/// with ConfigureAwait(false) under a real-time shutdown timeout.</summary>
public sealed class HostingTests
{
    /// <summary>Ticks once a virtual second until the host stops it.</summary>
    private sealed class Ticker(TimeProvider clock, Counter counter, bool planted) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
                    if (planted)
                    {
                        int read = counter.Value;
                        await Task.Yield();
                        counter.Value = read + 1;
                    }
                    else
                    {
                        counter.Value++;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    private sealed class Counter
    {
        public int Value { get; set; }
    }

    /// <summary>A lifetime that does nothing: the console lifetime would register for signals and Ctrl+C.</summary>
    private sealed class TestLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static IHost BuildHost(TimeProvider clock, Counter counter, bool planted, int services = 1)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IHostLifetime, TestLifetime>();
        for (int i = 0; i < services; i++)
        {
            builder.Services.AddSingleton<IHostedService>(_ => new Ticker(clock, counter, planted));
        }

        return builder.Build();
    }

    private static Func<Task> RunFor(TimeSpan running, int expected, bool planted, int services) => async () =>
    {
        AsynkitLoop loop = AsynkitLoop.Current!;
        var counter = new Counter();
        using IHost host = BuildHost(loop.Clock, counter, planted, services);
        await host.StartAsync();
        await Task.Delay(running, loop.Clock);
        await host.StopAsync();
        if (counter.Value != expected)
        {
            throw new InvalidOperationException($"lost a tick: {counter.Value} ticks, expected {expected}");
        }
    };

    [Fact]
    public void BackgroundService_TicksOnTheLoopsClock_ExactCount()
    {
        int ticks = -1;
        TimeSpan stoppedAt = TimeSpan.Zero;
        using var loop = new AsynkitLoop();
        loop.RunUntilComplete(async () =>
        {
            var counter = new Counter();
            using IHost host = BuildHost(loop.Clock, counter, planted: false);
            await host.StartAsync();
            await Task.Delay(TimeSpan.FromSeconds(5.5), loop.Clock);
            await host.StopAsync();
            ticks = counter.Value;
            stoppedAt = loop.Clock.Elapsed;
        });

        ticks.ShouldBe(5);
        stoppedAt.ShouldBe(TimeSpan.FromSeconds(5.5));
        loop.ForeignItemCount.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void HostStartStop_TwoServices_IsDeterministic() =>
        LibraryScenario.AssertDeterministic(RunFor(TimeSpan.FromSeconds(3.5), expected: 6, planted: false, services: 2), schedules: 50);

    [Fact]
    public void HostStartStop_PlantedLostTick_RaceIsFound() =>
        LibraryScenario.AssertRaceFound(RunFor(TimeSpan.FromSeconds(2.5), expected: 4, planted: true, services: 2), "lost a tick");

    /// <summary>A service whose stop takes 40 virtual seconds, ignoring the host's cancellation.</summary>
    private sealed class SlowStop(TimeProvider clock) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.Delay(TimeSpan.FromSeconds(40), clock, CancellationToken.None);
    }

    [Fact]
    public void StopAsync_OutlastingTheShutdownTimeout_IsAnEscapeNamingTheHostsTimeout()
    {
        // The host times its shutdown (HostOptions.ShutdownTimeout, 30 s) on the real clock: when virtual time passes it, the code
        // would see the host's timeout and the loop's clock disagree.
        var error = LibraryScenario.AssertEscape(async () =>
        {
            AsynkitLoop loop = AsynkitLoop.Current!;
            var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Services.AddSingleton<IHostLifetime, TestLifetime>();
            builder.Services.AddSingleton<IHostedService>(_ => new SlowStop(loop.Clock));
            using IHost host = builder.Build();
            await host.StartAsync();
            await host.StopAsync();
        });

        error.Message.ShouldContain("a Microsoft.Extensions.Hosting timeout on the real clock");
        error.Message.ShouldContain("virtual time was about to reach");
        error.Message.ShouldContain("HostingTests");
    }
}
