namespace Asynkit.Testing.Tests.Diagnostics;

/// <summary>Async methods whose awaits carry a marker comment "await:NAME"; <see cref="Lines"/> maps each marker to its line, read
/// from this file, so that the tests pin what the await reader says against the source and not against a copy of it.</summary>
internal sealed class AwaitSamples(Gates gates)
{
    public const string File = "AwaitSamples.cs";

    public static IReadOnlyDictionary<string, int> Lines { get; } = ReadMarkers();

    public async Task Sequential()
    {
        await gates.Next(); // await:S1
        await gates.Next(); // await:S2
    }

    public async Task TwoPerLine()
    {
        await gates.Next(); await gates.Next(); // await:T1
        int sum = await Value(1) + await Value(2); // await:T2
        GC.KeepAlive(sum);
    }

    public async Task MultiLine()
    {
        int value = 1 + // await:M1 (a statement's awaits are on its first line)
            await Value(2);
        GC.KeepAlive(value);
    }

    public async Task Lambda()
    {
        Func<Task> body = async () =>
        {
            await gates.Next(); // await:L1
        };
        await body(); // await:L0
    }

    public async Task LocalFunction()
    {
        await Local(); // await:F0

        async Task Local()
        {
            await gates.Next(); // await:F1
        }
    }

    public async IAsyncEnumerable<int> Items()
    {
        await gates.Next(); // await:I1
        yield return 1;
        await gates.Next(); // await:I2
        yield return 2;
    }

    public async Task AwaitForeach()
    {
        await foreach (int item in Items()) // await:E0
        {
            await gates.Next(); // await:E1
            GC.KeepAlive(item);
        }
    }

    public async Task AwaitUsing()
    {
        await using (new SlowDisposable(gates))
        {
            await gates.Next(); // await:U1
        } // await:U2 (DisposeAsync)
    }

    public async Task<T> Generic<T>(T value)
    {
        await gates.Next(); // await:G1
        return value;
    }

    public async Task CatchAndFinally()
    {
        try
        {
            await gates.Next(); // await:C1
            throw new InvalidOperationException("into the catch");
        }
        catch (InvalidOperationException)
        {
            await gates.Next(); // await:C2
        }
        finally
        {
            await gates.Next(); // await:C3
        }
    }

    public async Task<int> Value(int value)
    {
        await gates.Next(); // await:V1
        return value;
    }

    /// <summary>A task blocked at a TaskCompletionSource, for the SuspendedAt and trace comparison.</summary>
    public static async Task Blocked(Task gate)
    {
        await gate; // await:B1
    }

    private static Dictionary<string, int> ReadMarkers()
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        using Stream stream = typeof(AwaitSamples).Assembly.GetManifestResourceStream(File)
            ?? throw new InvalidOperationException($"The test assembly does not embed {File}; see its csproj.");
        using var reader = new StreamReader(stream);
        string[] source = reader.ReadToEnd().Split('\n');
        for (int i = 0; i < source.Length; i++)
        {
            int at = source[i].IndexOf("// await:", StringComparison.Ordinal);
            if (at >= 0)
            {
                lines.Add(source[i][(at + "// await:".Length)..].Split(' ')[0], i + 1);
            }
        }

        return lines;
    }

    /// <summary>Its DisposeAsync awaits a gate.</summary>
    public sealed class SlowDisposable(Gates gates) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await gates.Next(); // await:D1
    }

    /// <summary>An async method of a generic type.</summary>
    public sealed class Host<T>(Gates gates)
    {
        public async Task<T> Hold(T value)
        {
            await gates.Next(); // await:H1
            return value;
        }
    }
}
