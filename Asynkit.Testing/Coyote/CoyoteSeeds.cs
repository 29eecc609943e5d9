using System.Security.Cryptography;

namespace Asynkit.Testing.Coyote;

/// <summary>Picks an exploration seed when none was given; the result reports it, so the run can be repeated.</summary>
internal static class CoyoteSeeds
{
    public static int Pick() => RandomNumberGenerator.GetInt32(int.MaxValue);
}
