namespace Asynkit.Testing.Tests.Coyote;

/// <summary>Tests that swap Console.Out: they run alone, with no other test in parallel.</summary>
[CollectionDefinition(nameof(ConsoleSwapping), DisableParallelization = true)]
public sealed class ConsoleSwapping;
