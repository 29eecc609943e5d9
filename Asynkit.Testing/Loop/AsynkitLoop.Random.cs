namespace Asynkit.Testing;

public sealed partial class AsynkitLoop
{
    private LoopRandom? _random;
    private uint? _randomSeed;

    /// <summary>Randomness that is part of the schedule: seeded per schedule (from <see cref="LoopOptions.RandomSeed"/> in a plain
    /// run), recorded in the replay token and drawn again the same way on replay. Use it instead of <c>Random.Shared</c>,
    /// <c>new Random()</c> and <c>Guid.NewGuid()</c> in code under test.</summary>
    public LoopRandom Random => _random ??= new LoopRandom(this, _randomSeed ?? (uint)_options.RandomSeed);

    /// <summary>The seed <see cref="Random"/> draws from when the run drew from it, else null (the replay token then carries none).</summary>
    internal uint? RandomSeedIfUsed => _random is { Used: true } ? _randomSeed ?? (uint)_options.RandomSeed : null;

    /// <summary>Seeds <see cref="Random"/> for this run (the explorer gives each schedule its own seed); before it is first used.</summary>
    internal void SeedRandom(uint seed)
    {
        if (_random is not null)
        {
            throw new InvalidOperationException("The loop's Random was already used: seed it before the run starts.");
        }

        _randomSeed = seed;
    }
}
