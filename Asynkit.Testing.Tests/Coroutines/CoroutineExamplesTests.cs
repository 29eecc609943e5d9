using Asynkit.Examples.Coroutines;

namespace Asynkit.Testing.Tests.Coroutines;

/// <summary>Runs the examples of docs/coroutines.md (examples/Asynkit.Examples/Coroutines) and checks what they print.</summary>
public sealed class CoroutineExamplesTests
{
    private static string[] Lines(Action<TextWriter> example)
    {
        using var output = new StringWriter();
        example(output);
        return output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    // Also the seed README's demo (asynkit's README: "no conversion", create_task, eager), under virtual time.
    [Fact]
    public void EagerExample_PrintsTheThreeOrders()
    {
        Lines(EagerExample.Run).ShouldBe(
        [
            "no conversion: a, b, c, 1, 2",
            "CreateTask:    a, b, 1, c, 2",
            "Coro.Eager:    a, 1, b, c, 2",
        ]);
    }

    [Fact]
    public void CoroStartExample_ContinuationRunsInConsumer()
    {
        string[] lines = Lines(CoroStartExample.Run);
        lines.Length.ShouldBe(4);
        lines[0].ShouldBe("request sent by 'main'");
        lines[1].ShouldMatch(@"^one second later the request is still Suspended at CoroStartExample\.Run \(lambda\) \(CoroStartExample\.cs:\d+\)$");
        lines[2].ShouldBe("reply 'pong' handled by 'consumer'");
        lines[3].ShouldBe("consumer got 'PONG'");
    }

    [Fact]
    public void TaskGroupExample_FailureCancelsSibling()
    {
        Lines(TaskGroupExample.Run).ShouldBe(
        [
            "download: started",
            "server: listening",
            "main: server is on port 8080",
            "download: cancelled at +3s",
            "group failed: server crashed",
        ]);
    }

    [Fact]
    public void IterExample_EachAwaitRunsAFreshCoroutine()
    {
        Lines(IterExample.Run).ShouldBe(["two awaits, two reads: 20.5, 21.5"]);
    }
}
