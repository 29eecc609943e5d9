namespace Asynkit.Testing.Tests.Monitors;

using Asynkit.Examples.Monitors;

// Runs examples/Asynkit.Examples/Monitors/MonitorBasicsExample.cs and GeneratorExample.cs (the snippets of docs/monitors.md).
public sealed class MonitorExamplesTests
{
    [Fact]
    public void BasicsExample_Protocol_FooHoofooHowfoo()
    {
        MonitorBasicsExample.Protocol().ShouldBe(["out of band: foo", "out of band: hoofoo", "result: howfoo"]);
    }

    [Fact]
    public void GeneratorExample_Iterate_HelpersYield()
    {
        GeneratorExample.Iterate().ShouldBe([11, 12, 13, 21, 22, 23]);
    }

    [Fact]
    public void GeneratorExample_Send_11And12And113()
    {
        GeneratorExample.Send().ShouldBe([11, 12, 113]);
    }
}
