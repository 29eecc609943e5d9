namespace Asynkit.Testing;

/// <summary>The loop's own source of randomness (<see cref="AsynkitLoop.Random"/>): a <see cref="System.Random"/> seeded per
/// schedule and recorded in the replay token, so a replay draws the same numbers; its sequence never depends on the .NET version.</summary>
/// <remarks>
/// <para>Use it wherever code under test would call <c>Random.Shared</c>, <c>new Random()</c> or <c>Guid.NewGuid()</c>
/// (<see cref="NextGuid"/>): those differ on every run, so a failing schedule would not fail again when replayed.</para>
/// <para>A draw is a value from the schedule's seed; <see cref="NextChoice"/> is a draw the explorer makes instead, a choice
/// point like a fault decision: FIFO answers 0, Random picks uniformly, Exhaustive tries every option, shrinking moves it
/// toward 0, and a replay repeats it.</para>
/// <para>Like everything of the loop, use it on the loop's thread or in its thread-pool turns.</para>
/// </remarks>
public sealed class LoopRandom : Random
{
    private readonly AsynkitLoop _loop;
    private ScheduleRandom _generator;

    internal LoopRandom(AsynkitLoop loop, uint seed)
        : base(0) // the base's own generator is never used: every draw is overridden
    {
        _loop = loop;
        _generator = new ScheduleRandom(ScheduleRandom.Mix(seed));
    }

    /// <summary>True once a number was drawn: only then does the schedule's replay token carry the seed.</summary>
    internal bool Used { get; private set; }

    /// <summary>A choice among <paramref name="count"/> options made by the schedule's strategy, not by the seed: a choice point
    /// that exploration enumerates with the interleavings (option 0 in FIFO order), shown in traces as <c>random 'label'</c>.</summary>
    /// <param name="label">What is chosen, for traces ("retry delay").</param>
    /// <param name="count">How many options (at least 1).</param>
    /// <returns>The option chosen, in [0, <paramref name="count"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="label"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public int NextChoice(string label, int count)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return _loop.Decide($"random '{label}'", count);
    }

    /// <summary>One of <paramref name="options"/>, chosen by the schedule's strategy as <see cref="NextChoice"/> does.</summary>
    /// <exception cref="ArgumentException"><paramref name="options"/> is empty, or <paramref name="label"/> is null or empty.</exception>
    public T NextChoice<T>(string label, IReadOnlyList<T> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count == 0)
        {
            throw new ArgumentException("NextChoice needs at least one option to choose from.", nameof(options));
        }

        return options[NextChoice(label, options.Count)];
    }

    /// <summary>A Guid from the schedule's seed (version 4 layout): a replayable stand-in for <c>Guid.NewGuid()</c>.</summary>
    public Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <inheritdoc/>
    public override int Next() => (int)Below(int.MaxValue);

    /// <inheritdoc/>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)Below((ulong)maxValue);
    }

    /// <inheritdoc/>
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)Below((ulong)((long)maxValue - minValue)));
    }

    /// <inheritdoc/>
    public override long NextInt64() => (long)Below(long.MaxValue);

    /// <inheritdoc/>
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)Below((ulong)maxValue);
    }

    /// <inheritdoc/>
    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue + (long)Below((ulong)(maxValue - minValue));
    }

    /// <inheritdoc/>
    public override double NextDouble() => (Draw() >> 11) * (1.0 / (1UL << 53));

    /// <inheritdoc/>
    public override float NextSingle() => (Draw() >> 40) * (1.0f / (1 << 24));

    /// <inheritdoc/>
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    /// <inheritdoc/>
    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i += 8)
        {
            ulong bits = Draw();
            for (int j = i; j < Math.Min(i + 8, buffer.Length); j++)
            {
                buffer[j] = (byte)bits;
                bits >>= 8;
            }
        }
    }

    /// <inheritdoc/>
    protected override double Sample() => NextDouble();

    private ulong Draw()
    {
        Used = true;
        return _generator.NextUInt64();
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) (0 when the bound is 0), by the high half of a 128-bit product.</summary>
    private ulong Below(ulong bound) => Math.BigMul(Draw(), bound, out _);
}
