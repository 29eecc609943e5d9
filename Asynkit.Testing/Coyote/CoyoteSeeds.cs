using System.Security.Cryptography;

namespace Asynkit.Testing.Coyote;

/// <summary>Picks an exploration seed when none was given; the result reports it, so the run can be repeated.</summary>
internal static class CoyoteSeeds
{
    public static (int Seed, string Source) Pick() => (RandomNumberGenerator.GetInt32(int.MaxValue), "picked at random");
}
