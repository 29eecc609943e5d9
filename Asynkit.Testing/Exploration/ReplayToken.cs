using System.Buffers.Binary;
using System.Buffers.Text;
using System.IO.Compression;

namespace Asynkit.Testing.Exploration;

/// <summary>Encodes a schedule as a short, copy-pasteable string and decodes it again, with precise errors for damaged tokens.</summary>
/// <remarks>
/// Format 1: <c>ak1_</c> followed by base64url (no padding) of: a flags byte (bit 0: the body is deflated), the body, and a
/// 4-byte FNV-1a checksum of flags and body. The body holds varints: the step count, the number of choices, and per choice
/// (count &lt;&lt; 1 | kind), the chosen index and, for ready choices, the id of the task whose item ran. With flag bit 1, the
/// body ends with the budgets the schedule ran under that differ from the defaults: a mask (bit 0 MaxSteps, bit 1
/// MaxVirtualTime, bit 2 the step from which the schedule was fair), then each value present (MaxVirtualTime as ticks + 1, 0 for no limit). A schedule run under the default
/// budgets has no such section, so its token is what it was before budgets were recorded, and every token of format 1 decodes.
/// With flag bit 2, the body ends (after the budgets) with the seed the loop's <see cref="AsynkitLoop.Random"/> drew from, a
/// varint; a schedule that never drew from it has no such section.
/// </remarks>
internal static class ReplayToken
{
    public const string Prefix = "ak1_";
    private const int ChecksumBytes = 4;
    private const byte Deflated = 1;
    private const byte HasBudgets = 2;
    private const byte HasRandomSeed = 4;
    private const ulong MaxStepsBit = 1;
    private const ulong MaxVirtualTimeBit = 2;
    private const ulong FairFromStepBit = 4;

    public static string Encode(RecordedSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ChoiceRecord[] choices = schedule.Choices;
        long steps = schedule.Steps;
        var body = new List<byte>(choices.Length * 3 + 8);
        WriteVarint(body, (ulong)steps);
        WriteVarint(body, (ulong)choices.Length);
        foreach (ChoiceRecord choice in choices)
        {
            WriteVarint(body, ((ulong)(uint)choice.Count << 1) | (choice.Kind == ChoiceKind.Decision ? 1UL : 0UL));
            WriteVarint(body, (ulong)(uint)choice.Chosen);
            if (choice.Kind == ChoiceKind.Ready)
            {
                WriteVarint(body, (ulong)(uint)choice.OwnerId);
            }
        }

        bool budgets = WriteBudgets(body, schedule.Budgets);
        if (schedule.RandomSeed is { } seed)
        {
            WriteVarint(body, seed);
        }

        byte[] raw = [.. body];
        byte[] deflated = Compress(raw);
        bool useDeflate = deflated.Length < raw.Length;
        byte[] payload = useDeflate ? deflated : raw;
        var bytes = new byte[1 + payload.Length + ChecksumBytes];
        bytes[0] = (byte)((useDeflate ? Deflated : 0) | (budgets ? HasBudgets : 0) | (schedule.RandomSeed is null ? 0 : HasRandomSeed));
        payload.CopyTo(bytes, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1 + payload.Length), Checksum(bytes.AsSpan(0, 1 + payload.Length)));
        return Prefix + Base64Url.EncodeToString(bytes);
    }

    /// <exception cref="FormatException">The token is malformed; the message says how.</exception>
    public static RecordedSchedule Decode(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        string text = token.Trim();
        if (text.Length == 0)
        {
            throw new FormatException("The replay token is empty: pass the whole token printed with the failure (it starts with 'ak1_').");
        }

        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            if (text.Length > 3 && text.StartsWith("ak", StringComparison.Ordinal) && char.IsAsciiDigit(text[2]))
            {
                int end = text.IndexOf('_', StringComparison.Ordinal);
                string version = end > 2 ? text[2..end] : text[2..3];
                throw new FormatException($"The replay token has format version {version}, but this version of Asynkit.Testing reads format 1 ('ak1_...'): replay it with the version that recorded it, or explore again.");
            }

            string start = text.Length > 8 ? text[..8] + "..." : text;
            throw new FormatException($"The replay token must start with '{Prefix}', but it starts with '{start}': copy the whole token printed with the failure.");
        }

        ReadOnlySpan<char> encoded = text.AsSpan(Prefix.Length);
        for (int i = 0; i < encoded.Length; i++)
        {
            char c = encoded[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                throw new FormatException($"The replay token has '{c}' at position {Prefix.Length + i}, which is not a base64url character (A-Z, a-z, 0-9, '-', '_'): it was damaged when copied.");
            }
        }

        // The shortest token: flags, two one-byte varints and the checksum, 7 bytes in 10 characters.
        if (encoded.Length < 10)
        {
            throw new FormatException($"The replay token is too short ({text.Length} characters): it was cut off when copied; copy the whole token printed with the failure.");
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(encoded);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"The replay token is damaged or cut off: its {encoded.Length} characters after '{Prefix}' are not a whole base64url text. Copy the whole token printed with the failure.", ex);
        }

        ReadOnlySpan<byte> content = bytes.AsSpan(0, bytes.Length - ChecksumBytes);
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - ChecksumBytes));
        if (Checksum(content) != expected)
        {
            throw new FormatException($"The replay token is damaged: its checksum does not match ({text.Length} characters; was it cut off or edited?). Copy the whole token printed with the failure.");
        }

        if ((content[0] & ~(Deflated | HasBudgets | HasRandomSeed)) != 0)
        {
            throw new FormatException($"The replay token uses flags 0x{content[0]:X2} that this version of Asynkit.Testing does not know.");
        }

        byte[] body = (content[0] & Deflated) != 0 ? Decompress(content[1..]) : content[1..].ToArray();
        return ReadBody(body, (content[0] & HasBudgets) != 0, (content[0] & HasRandomSeed) != 0);
    }

    /// <summary>Appends the budgets that differ from the defaults; false (and nothing written) when none does.</summary>
    private static bool WriteBudgets(List<byte> body, ScheduleBudgets budgets)
    {
        ulong mask = (budgets.RecordsMaxSteps ? MaxStepsBit : 0) | (budgets.RecordsMaxVirtualTime ? MaxVirtualTimeBit : 0) | (budgets.RecordsFairFromStep ? FairFromStepBit : 0);
        if (mask == 0)
        {
            return false;
        }

        WriteVarint(body, mask);
        if ((mask & MaxStepsBit) != 0)
        {
            WriteVarint(body, (ulong)budgets.MaxSteps!.Value);
        }

        if ((mask & MaxVirtualTimeBit) != 0)
        {
            TimeSpan time = budgets.MaxVirtualTime!.Value;
            WriteVarint(body, time == Timeout.InfiniteTimeSpan ? 0 : (ulong)time.Ticks + 1);
        }

        if ((mask & FairFromStepBit) != 0)
        {
            WriteVarint(body, (ulong)budgets.FairFromStep!.Value);
        }

        return true;
    }

    private static ScheduleBudgets ReadBudgets(byte[] body, ref int position)
    {
        ulong mask = ReadVarint(body, ref position, "the budgets");
        if (mask == 0 || (mask & ~(MaxStepsBit | MaxVirtualTimeBit | FairFromStepBit)) != 0)
        {
            throw new FormatException($"The replay token is malformed: its budgets section has the mask 0x{mask:X}.");
        }

        long? steps = (mask & MaxStepsBit) != 0 ? (long)ReadVarint(body, ref position, "the step budget") : null;
        TimeSpan? time = null;
        if ((mask & MaxVirtualTimeBit) != 0)
        {
            ulong ticks = ReadVarint(body, ref position, "the virtual-time budget");
            time = ticks == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks((long)(ticks - 1));
        }

        long? fair = (mask & FairFromStepBit) != 0 ? (long)ReadVarint(body, ref position, "the fair bound") : null;
        return new ScheduleBudgets(steps, time, fair);
    }

    private static RecordedSchedule ReadBody(byte[] body, bool hasBudgets, bool hasRandomSeed)
    {
        int position = 0;
        long steps = (long)ReadVarint(body, ref position, "the step count");
        ulong count = ReadVarint(body, ref position, "the number of choices");
        if (count > (ulong)body.Length)
        {
            throw new FormatException($"The replay token is malformed: it claims {count} choices in {body.Length} bytes.");
        }

        var choices = new ChoiceRecord[(int)count];
        for (int i = 0; i < choices.Length; i++)
        {
            string what = $"choice {i + 1}";
            ulong header = ReadVarint(body, ref position, what);
            ChoiceKind kind = (header & 1) != 0 ? ChoiceKind.Decision : ChoiceKind.Ready;
            ulong options = header >> 1;
            ulong chosen = ReadVarint(body, ref position, what);
            if (options < 2 || options > int.MaxValue || chosen >= options)
            {
                throw new FormatException($"The replay token is malformed: {what} takes option {chosen} of {options}.");
            }

            ulong owner = kind == ChoiceKind.Ready ? ReadVarint(body, ref position, what) : ulong.MaxValue;
            if (kind == ChoiceKind.Ready && owner > int.MaxValue)
            {
                throw new FormatException($"The replay token is malformed: {what} names task #{owner}.");
            }

            choices[i] = new ChoiceRecord(kind, (int)options, (int)chosen, kind == ChoiceKind.Ready ? (int)owner : -1);
        }

        ScheduleBudgets budgets = hasBudgets ? ReadBudgets(body, ref position) : default;
        ulong? seed = hasRandomSeed ? ReadVarint(body, ref position, "the random seed") : null;
        if (seed > uint.MaxValue)
        {
            throw new FormatException($"The replay token is malformed: its random seed {seed} does not fit in 32 bits.");
        }

        if (position != body.Length)
        {
            throw new FormatException($"The replay token is malformed: {body.Length - position} unexpected byte(s) after the last choice.");
        }

        return new RecordedSchedule(choices, steps) { Budgets = budgets, RandomSeed = (uint?)seed };
    }

    private static void WriteVarint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }

    private static ulong ReadVarint(byte[] input, ref int position, string what)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= input.Length)
            {
                throw new FormatException($"The replay token is malformed: it ends in the middle of {what}.");
            }

            byte b = input[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException($"The replay token is malformed: {what} is not a valid number.");
    }

    private static uint Checksum(ReadOnlySpan<byte> data) => StableHash.Fnv1a(data);

    private static byte[] Compress(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(raw);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(ReadOnlySpan<byte> data)
    {
        try
        {
            using var input = new MemoryStream(data.ToArray());
            using var deflate = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            deflate.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new FormatException("The replay token is malformed: its compressed body cannot be read.", ex);
        }
    }
}
