namespace Asynkit.Testing;

/// <summary>A small, fast, seedable generator (SplitMix64) whose sequence never depends on the .NET version: the exploration
/// strategies' choices and the loop's own <see cref="AsynkitLoop.Random"/> draw from it.</summary>
internal struct ScheduleRandom
{
    private ulong _state;

    public ScheduleRandom(ulong seed) => _state = seed;

    /// <summary>The seed of schedule <paramref name="index"/> (0-based) of an exploration with seed <paramref name="seed"/>.</summary>
    public static ulong ScheduleSeed(int seed, int index) => Mix(Mix((ulong)(uint)seed + 0x5851F42D4C957F2DUL) ^ ((ulong)(uint)index * 0xD1B54A32D192ED03UL));

    /// <summary>The seed of the loop's <see cref="AsynkitLoop.Random"/> in the schedule whose strategy seed is
    /// <paramref name="scheduleSeed"/>: 32 bits, so that a replay token that records it stays short.</summary>
    public static uint LoopSeed(ulong scheduleSeed) => (uint)Mix(scheduleSeed ^ 0x6A09E667F3BCC909UL);

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>A uniform integer in [0, <paramref name="count"/>).</summary>
    public int Next(int count)
    {
        // Lemire's multiply-shift on 32 random bits; the bias (count / 2^32) is far below anything a test can observe.
        ulong bits = NextUInt64() >> 32;
        return (int)((bits * (ulong)(uint)count) >> 32);
    }

    /// <summary>A uniform long in [1, <paramref name="max"/>].</summary>
    public long NextInRange(long max) => max <= 1 ? 1 : 1 + (long)(NextUInt64() % (ulong)max);
}
