namespace Asynkit.Testing.Coyote;

/// <summary>What rewritten mode does with calls that <c>coyote rewrite</c> leaves uncontrolled (see <see cref="CoyoteRewriting.FindGaps(System.Reflection.Assembly)"/>).</summary>
public enum RewritingGapPolicy
{
    /// <summary>Write one warning per call site to <see cref="CoyoteOptions.Output"/>, explain them in a failure, and run (the default).</summary>
    Warn,

    /// <summary>Refuse to run: throw <see cref="RewritingGapException"/> naming every call site and its fix.</summary>
    Fail,
}
