namespace Asynkit.Testing.Tests;

using Asynkit.Examples.Interrupt;

// Runs examples/Asynkit.Examples/Interrupt/InterruptExample.cs (the snippets of docs/priority.md).
public sealed class InterruptExampleTests
{
    [Fact]
    public void StopDoingThat_AfterTaskInterrupt_TheWorkerAlreadyRanItsHandler()
    {
        InterruptExample.StopDoingThat().ShouldBe("not doing it");
    }

    [Fact]
    public void InterruptAck_InterruptedTaskInterruptsItsInterruptorBack_AckThenNoAck()
    {
        InterruptExample.InterruptAck().ShouldBe(["ack", "noack"]);
    }

    [Fact]
    public void GiveUp_TimeoutOverASlowTask_GivesUpAt30SecondsAndTheTaskKeepsRunning()
    {
        InterruptExample.GiveUp().ShouldBe("gave up at +00:00:30, 'slow result' arrived at +00:05:00");
    }

    [Fact]
    public void Run_PrintsAllThree()
    {
        var output = new StringWriter();
        InterruptExample.Run(output);
        output.ToString().ShouldContain("acknowledgements: [ack, noack]");
    }
}
