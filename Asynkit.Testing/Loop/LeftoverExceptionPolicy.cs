namespace Asynkit.Testing;

/// <summary>What the loop does with an exception a leftover task raises while it is cancelled at the end of the run.</summary>
public enum LeftoverExceptionPolicy
{
    /// <summary>Report it as a warning (<see cref="AsynkitLoop.Warnings"/>, and the exploration result and trace), as asyncio
    /// logs it (the default).</summary>
    Warn,

    /// <summary>Fail the run with it, as any exception nobody observed.</summary>
    Fail,
}
