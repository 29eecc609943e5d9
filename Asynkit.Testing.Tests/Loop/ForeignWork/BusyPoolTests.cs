namespace Asynkit.Testing.Tests;

/// <summary>Tests that fill the thread pool with blocked work run alone, so that they slow down no other test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BusyPoolTests
{
    public const string Name = "busy thread pool";
}
