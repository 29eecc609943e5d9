using System.Runtime.CompilerServices;
using Asynkit.Testing;

namespace Asynkit.Examples.Coroutines;

/// <summary>Coro.Iter: an object whose every await runs a fresh coroutine (asynkit's coro_iter / awaitmethod).</summary>
internal static class IterExample
{
    public static void Run(TextWriter output)
    {
        AsynkitLoop.Run(async () =>
        {
            var sensor = new Sensor();
            var reading = new Reading(sensor);
            double first = await reading;
            double second = await reading;
            output.WriteLine($"two awaits, two reads: {first}, {second}");
        });
    }

    private sealed class Sensor
    {
        private int _reads;

        public async Task<double> ReadAsync()
        {
            await Scheduling.Sleep(TimeSpan.FromMilliseconds(10));
            return 20.5 + _reads++;
        }
    }

    /// <summary>Awaitable by an async method; each await reads the sensor again.</summary>
    private sealed class Reading(Sensor sensor)
    {
        public TaskAwaiter<double> GetAwaiter() => Coro.Iter(sensor.ReadAsync).GetAwaiter();
    }
}
