using System.Reflection;
using Asynkit.Testing.Exploration;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Asynkit.Testing.Xunit.Sdk;

/// <summary>Who a test is, for seeds, reports and replay lines: its full name (class, method and, for a theory row, the
/// arguments) and, for a row, a short stable key that scopes a replay token to it.</summary>
internal sealed record TestIdentity(string FullName, string AttributeName, string? RowKey, string RowDisplay)
{
    /// <summary>The line to paste over the test method to replay <paramref name="token"/>.</summary>
    public string ReplayLine(string token) => $"[{AttributeName}(Replay = \"{ReplayScope.Scope(token, RowKey)}\")]";

    /// <summary>The line to paste over the test method to replay Coyote's trace in rewritten mode.</summary>
    public string RewrittenReplayLine(string tracePath) =>
        $"[{AttributeName}(Strategy = StrategyKind.Coyote, CoyoteRewritten = true, Replay = @\"{ReplayScope.Scope(tracePath, RowKey).Replace("\"", "\"\"", StringComparison.Ordinal)}\")]";

    /// <summary>How this test's failure text words its replay lines; <paramref name="textReportPath"/> is its text report, or null.</summary>
    public FailureSurface Surface(TestPlan plan, string? textReportPath) => FailureSurface.Of(plan, ReplayLine) with
    {
        TraceReplayLine = RewrittenReplayLine,
        ReplayNote = RowKey is null ? null : $"(The token is scoped to the row {RowDisplay}; the other rows run as before.)",
        TextReportPath = textReportPath,
    };

    public static TestIdentity Of(ITest test, MethodInfo method, object[]? arguments)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(method);
        ITestMethod testMethod = test.TestCase.TestMethod;
        string name = $"{testMethod.TestClass.Class.Name}.{testMethod.Method.Name}";
        bool theory = testMethod.Method.GetCustomAttributes(typeof(TheoryAttribute)).Any();
        string row = arguments is { Length: > 0 } ? Reflector.Wrap(method).GetDisplayNameWithArguments("", arguments, null) : "";
        return new TestIdentity(name + row, theory ? "AsynkitTheory" : "AsynkitFact", theory ? StableHash.Hex(row) : null, row);
    }
}
