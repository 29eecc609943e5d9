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
