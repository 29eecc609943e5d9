using System.Text;
using Asynkit.Testing.Exploration;

namespace Asynkit.Testing.Coyote;

/// <summary>What a Coyote exploration adds to its result: Coyote's reproducible trace of the failing iteration, and the file it
/// was written to. Read through <see cref="CoyoteResults"/>.</summary>
/// <param name="Trace">Coyote's reproducible trace (JSON), or null.</param>
/// <param name="TracePath">The file holding it, or null.</param>
internal sealed record CoyoteDetails(string? Trace, string? TracePath) : IResultDetails
{
    public void AppendReplay(StringBuilder text, FailureSurface surface, bool hasToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(surface);
        if (TracePath is null)
        {
            return;
        }

        text.Append("Coyote trace: ").AppendLine(TracePath);
        if (!hasToken && surface.Mode != TestMode.Replay && surface.TraceReplayLine is { } replayLine)
        {
            // Rewritten mode has no replay token: Coyote's trace is what replays it.
            text.Append("Replay it in one run by pasting: ").AppendLine(replayLine(TracePath));
        }
    }
}
