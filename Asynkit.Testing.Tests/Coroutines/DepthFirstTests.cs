namespace Asynkit.Testing.Tests.Coroutines;

using Scheduling = Asynkit.Testing.Scheduling;

/// <summary>asynkit's test_df: a recursive "request" that starts two children and awaits them, with children converted eagerly.</summary>
public sealed class DepthFirstTests
{
    private static readonly string[] s_depthFirstTwo =
        ["0a", "0:0a", "0:0:0a", "0:0:0B", "0:0:1a", "0:0:1B", "0:0b", "0:1a", "0:1:0a", "0:1:0B", "0:1:1a", "0:1:1B", "0:1b", "0b"];

    private static async Task<List<string>> Recursive(Func<Func<Task<List<string>>>, Func<Task<List<string>>>> convert, int maxDepth, List<string> log, int depth = 0, string label = "0")
    {
        log.Add(label + "a");
        try
        {
            if (depth == maxDepth)
            {
                log.Add(label + "B");
                await Scheduling.Sleep(TimeSpan.FromMilliseconds(10));
                return [label];
            }

            // Create two child requests and "convert" them; use the results only when actually needed.
            Func<Task<List<string>>> a = convert(() => Recursive(convert, maxDepth, log, depth + 1, label + ":0"));
            Func<Task<List<string>>> b = convert(() => Recursive(convert, maxDepth, log, depth + 1, label + ":1"));
            log.Add(label + "b");
            return [.. await a(), .. await b()];
        }
        finally
        {
            log.Add(label + "c");
        }
    }

    private static Func<Task<List<string>>> Eager(Func<Task<List<string>>> coroutine)
    {
        Task<List<string>> task = Coro.Eager(coroutine);
        return () => task;
    }

    private static List<string> UpTo(List<string> log, string item) => log[..(log.IndexOf(item) + 1)];

    [Fact]
    public void Eager_DepthTwo_RunsDepthFirst()
    {
        var log = new List<string>();
        List<string> result = AsynkitLoop.Run(() => Recursive(Eager, 2, log));
        UpTo(log, "0b").ShouldBe(s_depthFirstTwo);
        result.ShouldBe(["0:0:0", "0:0:1", "0:1:0", "0:1:1"]);
        log.Count.ShouldBe(21);
    }

    [Fact]
    public void Eager_DepthOne_RunsDepthFirst()
    {
        var log = new List<string>();
        AsynkitLoop.Run(() => Recursive(Eager, 1, log));
        UpTo(log, "0b").ShouldBe(["0a", "0:0a", "0:0B", "0:1a", "0:1B", "0b"]);
    }

    [Fact]
    public void NoConversion_DepthTwo_RunsInCallOrder()
    {
        // asynkit's "nostart": the child coroutine runs only when awaited.
        var log = new List<string>();
        AsynkitLoop.Run(() => Recursive(c => c, 2, log));
        UpTo(log, "0b").ShouldBe(["0a", "0b"]);
        log[2..5].ShouldBe(["0:0a", "0:0b", "0:0:0a"]);
    }
}
