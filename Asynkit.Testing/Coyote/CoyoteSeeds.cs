using System.Security.Cryptography;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Coyote;

/// <summary>Picks an exploration seed when none was given (the result reports it, so the run can be repeated), and turns our
/// seed into the one Coyote's generator starts from.</summary>
internal static class CoyoteSeeds
{
    public static (int Seed, string Source) Pick() => (RandomNumberGenerator.GetInt32(int.MaxValue), "picked at random");

    /// <summary>The seed handed to Coyote for our seed <paramref name="seed"/>: Coyote seeds iteration i with (its seed + i), so
    /// consecutive seeds given as they are would explore the same schedules shifted by one iteration; mixed, seeds s and s + 1
    /// start at unrelated points of Coyote's seed space.</summary>
    public static uint ForCoyote(int seed) => (uint)(ScheduleRandom.Mix((ulong)(uint)seed + 0x2545F4914F6CDD1DUL) >> 32);
}
