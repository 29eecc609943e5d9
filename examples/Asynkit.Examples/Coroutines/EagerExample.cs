using Asynkit.Testing;

namespace Asynkit.Examples.Coroutines;

/// <summary>asynkit's README demo: no conversion, CreateTask, and Coro.Eager give three different orders (docs/coroutines.md).</summary>
internal static class EagerExample
{
    public static void Run(TextWriter output)
    {
        output.WriteLine("no conversion: " + string.Join(", ", Demo(coroutine => coroutine)));
        output.WriteLine("CreateTask:    " + string.Join(", ", Demo(coroutine =>
        {
            LoopTask task = AsynkitLoop.Current!.CreateTask(coroutine);
            return () => task.Task;
        })));
        output.WriteLine("Coro.Eager:    " + string.Join(", ", Demo(coroutine =>
        {
            Task task = Coro.Eager(coroutine);
            return () => task;
        })));
    }

    private static List<string> Demo(Func<Func<Task>, Func<Task>> convert)
    {
        var log = new List<string>();
        async Task Test()
        {
            log.Add("1");
            await Scheduling.Sleep(TimeSpan.FromSeconds(0.2)); // some long IO
            log.Add("2");
        }

        AsynkitLoop.Run(async () =>
        {
            log.Add("a");
            Func<Task> future = convert(Test);
            log.Add("b");
            await Scheduling.Sleep(TimeSpan.FromSeconds(0.1)); // some other IO
            log.Add("c");
            await future();
        });
        return log;
    }
}
