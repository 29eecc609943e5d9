namespace Asynkit.Testing.Tests;

using Asynkit.Examples.Priority;

// Runs examples/Asynkit.Examples/Priority/*.cs (the snippets of docs/priority.md).
public sealed class PriorityExamplesTests
{
    [Fact]
    public void TasksExample_Order_BestPriorityFirstAndMainLast()
    {
        PriorityTasksExample.Order().ShouldBe(
            ["high starts", "high ends", "normal starts", "normal ends", "low starts", "low ends", "main"]);
    }

    [Fact]
    public void LockExample_WithoutHigh_MediumRunsFirst()
    {
        PriorityLockExample.Finished(withHigh: false).ShouldBe(["med@0", "low@1"]);
    }

    [Fact]
    public void LockExample_WithHigh_LowInheritsAndRunsFirst()
    {
        PriorityLockExample.Finished(withHigh: true).ShouldBe(["low@-1", "high@-1", "med@0"]);
    }

    [Fact]
    public async Task Examples_RunAsync_PrintTheOrders()
    {
        using var output = new StringWriter();
        await PriorityTasksExample.RunAsync(output);
        await PriorityLockExample.RunAsync(output);
        output.ToString().ShouldContain("with high:    low@-1, high@-1, med@0");
    }
}
