using System.Runtime.ExceptionServices;
using Asynkit.Testing.Exploration;
using Microsoft.Coyote.Random;

namespace Asynkit.Testing.Coyote;

/// <summary>Takes every choice of the loop (which ready item runs, which option a decision takes) from Coyote's
/// <see cref="Generator"/>, so that Coyote's strategy picks the interleaving and Coyote's trace records it.</summary>
/// <remarks>Must run inside a Coyote iteration (the generator binds to the iteration's runtime in <see cref="ExplorationStrategy.Begin"/>).
/// What Coyote throws from a choice (the end of an iteration at its step bound, a replay mismatch) is kept in
/// <see cref="CoyoteSignal"/> and rethrown by the session, so that Coyote, not the test, handles it.</remarks>
internal sealed class CoyoteChoiceStrategy : ExplorationStrategy
{
    private readonly string _description;
    private Generator? _generator;

    public CoyoteChoiceStrategy(string description) => _description = description;

    /// <summary>What Coyote threw from a choice in the current iteration, or null.</summary>
    public ExceptionDispatchInfo? CoyoteSignal { get; private set; }

    public override string Describe() => _description;

    public override bool CanRestart => false;

    protected override bool OnBegin(int index, ulong seed)
    {
        _generator = Generator.Create();
        CoyoteSignal = null;
        return true;
    }

    public override int Choose(in ChoicePoint point, ScheduleRecorder schedule)
    {
        try
        {
            return _generator!.NextInteger(point.Count);
        }
        catch (Exception ex)
        {
            CoyoteSignal ??= ExceptionDispatchInfo.Capture(ex);
            throw;
        }
    }
}
