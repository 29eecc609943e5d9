using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Asynkit.Testing.Exploration;

/// <summary>Names the likely cause of a <see cref="NondeterminismException"/>: the calls to <c>Random.Shared</c>,
/// <c>new Random()</c>, <c>Guid.NewGuid()</c>, <c>DateTime.UtcNow</c> and their kin that the test's own code makes.</summary>
/// <remarks>Reads the IL of the test delegate and of every method of the user's assemblies it calls, transitively (async and
/// iterator methods through their state machines), up to <see cref="MaxMethods"/> methods; the framework's and this library's
/// methods are not entered. Runs only when a run was found nondeterministic.</remarks>
internal static class NondeterminismSources
{
    private const int MaxMethods = 4000;

    private static readonly Dictionary<short, OpCode> s_opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The exception with its generic list of causes replaced by what the test's code calls, or itself when the
    /// code calls none of the suspects (or its message names no causes).</summary>
    public static NondeterminismException Explain(NondeterminismException error, Func<Task> test)
    {
        if (!error.Message.Contains(NondeterminismException.Causes, StringComparison.Ordinal))
        {
            return error;
        }

        IReadOnlyList<string> found = Find(Roots(test));
        if (found.Count == 0)
        {
            return error;
        }

        string likely = $"Likely cause: the test's code calls {string.Join("; ", found)}. Under the loop use AsynkitLoop.Current.Random (NextGuid() for Guids), "
            + "which the replay token records, and the loop's Clock (a TimeProvider) for time. Other causes: hash order or static state that survives from one run to the next.";
        return new NondeterminismException(error.Message.Replace(NondeterminismException.Causes, likely, StringComparison.Ordinal), error);
    }

    /// <summary>"Guid.NewGuid() (in Orders.CreateAsync)", one entry per suspect that <paramref name="roots"/> or the user
    /// methods they call make, the callers of each listed (at most three).</summary>
    public static IReadOnlyList<string> Find(IEnumerable<MethodBase> roots)
    {
        var callers = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var seen = new HashSet<MethodBase>(roots);
        var pending = new Queue<MethodBase>(seen);
        while (pending.Count > 0 && seen.Count <= MaxMethods)
        {
            MethodBase method = pending.Dequeue();
            foreach (MethodBase callee in Callees(method))
            {
                if (Suspect(callee) is { } name)
                {
                    string caller = StepDescriber.DescribeMethod(method);
                    (callers.TryGetValue(name, out SortedSet<string>? set) ? set : callers[name] = new SortedSet<string>(StringComparer.Ordinal)).Add(caller);
                }
                else if (IsUserCode(callee) && seen.Add(callee))
                {
                    pending.Enqueue(callee);
                }

                if (StateMachineOf(callee) is { } moveNext && seen.Add(moveNext))
                {
                    pending.Enqueue(moveNext);
                }
            }
        }

        return callers.Select(c => $"{c.Key} (in {string.Join(", ", c.Value.Take(3))}{(c.Value.Count > 3 ? ", ..." : "")})").ToList();
    }

    /// <summary>The test's method and the methods of the delegates it captured (a Func it was given, a handler), which its IL
    /// calls only through Invoke: the closure's fields are read, two closures deep.</summary>
    private static List<MethodBase> Roots(Delegate test)
    {
        var roots = new List<MethodBase>();
        var closures = new HashSet<object>(ReferenceEqualityComparer.Instance);
        AddRoots(test, roots, closures, depth: 0);
        return roots;
    }

    private static void AddRoots(Delegate handler, List<MethodBase> roots, HashSet<object> closures, int depth)
    {
        foreach (Delegate single in handler.GetInvocationList())
        {
            roots.Add(single.Method);
            if (single.Target is { } target && depth < 3 && closures.Add(target) && IsUserCode(single.Method))
            {
                AddCaptured(target, roots, closures, depth);
            }
        }
    }

    private static void AddCaptured(object closure, List<MethodBase> roots, HashSet<object> closures, int depth)
    {
        foreach (FieldInfo field in closure.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            object? value = field.GetValue(closure);
            if (value is Delegate captured)
            {
                AddRoots(captured, roots, closures, depth + 1);
            }
            else if (value is not null && field.FieldType.IsDefined(typeof(CompilerGeneratedAttribute)) && closures.Add(value))
            {
                AddCaptured(value, roots, closures, depth + 1); // an enclosing scope's closure
            }
        }
    }

    /// <summary>The name of the suspect <paramref name="member"/> is, or null.</summary>
    private static string? Suspect(MethodBase member) => (member.DeclaringType?.FullName, member.Name) switch
    {
        ("System.Random", "get_Shared") => "Random.Shared",
        ("System.Random", ".ctor") when member.GetParameters().Length == 0 => "new Random() without a seed",
        ("System.Guid", "NewGuid") => "Guid.NewGuid()",
        ("System.Guid", "CreateVersion7") => "Guid.CreateVersion7()",
        ("System.DateTime", "get_UtcNow" or "get_Now" or "get_Today") => $"DateTime.{member.Name[4..]}",
        ("System.DateTimeOffset", "get_UtcNow" or "get_Now") => $"DateTimeOffset.{member.Name[4..]}",
        ("System.Environment", "get_TickCount" or "get_TickCount64") => $"Environment.{member.Name[4..]}",
        ("System.Diagnostics.Stopwatch", "GetTimestamp" or "StartNew") => $"Stopwatch.{member.Name}()",
        ("System.TimeProvider", "get_System") => "TimeProvider.System",
        _ => null,
    };

    private static bool IsUserCode(MethodBase method)
    {
        string? assembly = method.DeclaringType?.Assembly.GetName().Name;
        return assembly is not null && method.GetMethodBody() is not null
            && !assembly.StartsWith("System", StringComparison.Ordinal) && !assembly.StartsWith("Microsoft", StringComparison.Ordinal)
            && assembly != "mscorlib" && assembly != "netstandard" && assembly != typeof(NondeterminismSources).Assembly.GetName().Name;
    }

    /// <summary>The MoveNext of an async or iterator method's state machine (what its body compiles to), or null.</summary>
    private static MethodInfo? StateMachineOf(MethodBase method)
    {
        Type? machine = method.GetCustomAttribute<StateMachineAttribute>()?.StateMachineType;
        return machine is null || !IsUserCode(method) ? null : machine.GetMethod("MoveNext", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
    }

    /// <summary>Every method that <paramref name="method"/>'s IL calls, constructs or takes the address of.</summary>
    private static List<MethodBase> Callees(MethodBase method)
    {
        var callees = new List<MethodBase>();
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return callees;
        }

        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        int position = 0;
        while (position < il.Length)
        {
            short value = il[position] == 0xFE && position + 1 < il.Length ? (short)(0xFE00 | il[++position]) : il[position];
            position++;
            if (!s_opCodes.TryGetValue(value, out OpCode opCode))
            {
                break; // not IL we can read: stop reading this body rather than misread it
            }

            if (opCode.OperandType == OperandType.InlineMethod)
            {
                int token = BitConverter.ToInt32(il, position);
                if (Resolve(method.Module, token, typeArguments, methodArguments) is { } callee)
                {
                    callees.Add(callee);
                }
            }

            position += opCode.OperandType == OperandType.InlineSwitch
                ? 4 + (4 * BitConverter.ToInt32(il, position))
                : OperandSize(opCode.OperandType);
        }

        return callees;
    }

    private static MethodBase? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMethod(token, typeArguments, methodArguments);
        }
        catch (Exception ex) when (ex is ArgumentException or BadImageFormatException or TypeLoadException or MissingMemberException)
        {
            return null;
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
