using Asynkit.Testing.Exploration;
using Xunit.v3;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Who an xunit v3 test is, for seeds, reports and replay lines: its full name (class, method and, for a theory row,
/// the arguments) and, for a row, a short stable key that scopes a replay token to it (as in the v2 adapter).</summary>
internal sealed record TestIdentityV3(string FullName, string AttributeName, string? RowKey, string RowDisplay)
{
    /// <summary>The line to paste over the test method to replay <paramref name="token"/>.</summary>
    public string ReplayLine(string token) => $"[{AttributeName}(Replay = \"{ReplayScope.Scope(token, RowKey)}\")]";

    /// <summary>How this test's failure text words its replay line; <paramref name="textReportPath"/> is its text report, or null.</summary>
    public FailureSurface Surface(TestPlan plan, string? textReportPath) => FailureSurface.Of(plan, ReplayLine) with
    {
        ReplayNote = RowKey is null ? null : $"(The token is scoped to the row {RowDisplay}; the other rows run as before.)",
        TextReportPath = textReportPath,
    };

    public static TestIdentityV3 Of(IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        IXunitTestMethod method = test.TestMethod;
        string name = $"{method.TestClass.Class.FullName}.{method.Method.Name}";
        bool theory = method.Method.GetCustomAttributes(typeof(AsynkitTheoryAttribute), false).Length > 0;
        string display = test.TestDisplayName;
        int open = display.IndexOf('(', StringComparison.Ordinal);
        string row = test.TestMethodArguments.Length > 0 && open >= 0 ? display[open..] : "";
        return new TestIdentityV3(name + row, theory ? "AsynkitTheory" : "AsynkitFact", theory ? StableHash.Hex(row) : null, row);
    }
}
