namespace Asynkit.Testing.Tests;

/// <summary>asynkit's test_df: recursive tasks converted in various ways log a depth-first order.</summary>
public sealed class DepthFirstTests
{
    public enum Method
    {
        NoStart,
        Start,
        Descend,
    }

    [Theory]
    [InlineData(Method.NoStart)]
    [InlineData(Method.Start)]
    [InlineData(Method.Descend)]
    public void Recursive_DepthOne_LogIsDepthFirstOrNormal(Method method)
    {
        var log = new List<string>();
        AsynkitLoop.Run(() => RecursiveAsync(method, 1, log));
        var expected = new List<string>();
        if (method == Method.NoStart)
        {
            NormalLog(1, expected);
        }
        else
        {
            DepthFirstLog(1, expected);
        }

        Split(log, "0b").ShouldBe(Split(expected, "0b"));
        if (method != Method.NoStart)
        {
            Split(log, "0b").ShouldBe(["0a", "0:0a", "0:0B", "0:1a", "0:1B", "0b"]);
        }
    }

    [Fact]
    public void Recursive_DepthTwoDescend_LogIsDepthFirstUpToTheFirstUnwind()
    {
        var log = new List<string>();
        AsynkitLoop.Run(() => RecursiveAsync(Method.Descend, 2, log));
        var expected = new List<string>();
        DepthFirstLog(2, expected);
        Split(log, "0:1:1B").ShouldBe(Split(expected, "0:1:1B"));
        Split(log, "0:1:1B").ShouldBe(["0a", "0:0a", "0:0:0a", "0:0:0B", "0:0:1a", "0:0:1B", "0:0b", "0:1a", "0:1:0a", "0:1:0B", "0:1:1a", "0:1:1B"]);
    }

    [Fact]
    public void Recursive_DepthTwoStart_NeitherNormalNorDepthFirst()
    {
        var log = new List<string>();
        AsynkitLoop.Run(() => RecursiveAsync(Method.Start, 2, log));
        var normal = new List<string>();
        NormalLog(2, normal);
        Split(log, "0b").ShouldNotBe(Split(normal, "0b"));
    }

    [Fact]
    public void Recursive_AllMethods_ReturnAllLeaves()
    {
        foreach (Method method in Enum.GetValues<Method>())
        {
            var log = new List<string>();
            List<string> leaves = AsynkitLoop.Run(() => RecursiveAsync(method, 2, log));
            leaves.ShouldBe(["0:0:0", "0:0:1", "0:1:0", "0:1:1"]);
            log.Count(e => e.EndsWith('c')).ShouldBe(7);
        }
    }

    private static List<string> Split(List<string> log, string item) => log[..(log.IndexOf(item) + 1)];

    private static async Task<Func<Task<List<string>>>> ConvertAsync(Method method, Func<Task<List<string>>> coroutine)
    {
        switch (method)
        {
            case Method.NoStart:
                return coroutine;
            case Method.Start:
            {
                LoopTask<List<string>> task = await Scheduling.CreateTaskStart(coroutine);
                return () => task.Task;
            }

            default:
            {
                LoopTask<List<string>> task = await Scheduling.CreateTaskDescend(coroutine);
                return () => task.Task;
            }
        }
    }

    private static async Task<List<string>> RecursiveAsync(Method method, int maxDepth, List<string> log, int depth = 0, string label = "0")
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

            Func<Task<List<string>>> a = await ConvertAsync(method, () => RecursiveAsync(method, maxDepth, log, depth + 1, label + ":0"));
            Func<Task<List<string>>> b = await ConvertAsync(method, () => RecursiveAsync(method, maxDepth, log, depth + 1, label + ":1"));
            log.Add(label + "b");
            return [.. await a(), .. await b()];
        }
        finally
        {
            log.Add(label + "c");
        }
    }

    private static void NormalLog(int maxDepth, List<string> log, int depth = 0, string label = "0")
    {
        log.Add(label + "a");
        if (depth == maxDepth)
        {
            log.Add(label + "B");
            log.Add(label + "c");
            return;
        }

        log.Add(label + "b");
        NormalLog(maxDepth, log, depth + 1, label + ":0");
        NormalLog(maxDepth, log, depth + 1, label + ":1");
        log.Add(label + "c");
    }

    private static void DepthFirstLog(int maxDepth, List<string> log, int depth = 0, string label = "0")
    {
        log.Add(label + "a");
        if (depth == maxDepth)
        {
            log.Add(label + "B");
            return;
        }

        DepthFirstLog(maxDepth, log, depth + 1, label + ":0");
        DepthFirstLog(maxDepth, log, depth + 1, label + ":1");
        log.Add(label + "b");
    }
}
