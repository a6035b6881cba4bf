using System.Text;

namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// PS3.8 9.3.2: the called and calling AE title fields are 16 bytes, space padded. PS3.5 6.2 (AE): leading and
/// trailing spaces are not significant, a value of only spaces is not allowed, no control characters or backslash.
/// NUL is refused outright: other implementations treat it as a terminator, so "A\0B" would name two different AEs.
/// </summary>
internal static class AeTitle
{
    public const int Length = 16;

    public static bool IsValid(string? title) => Problem(title) is null;

    /// <summary>Why the title is not usable, or null when it is.</summary>
    public static string? Problem(string? title)
    {
        if (title is null)
        {
            return "AE title is missing";
        }
        if (title.Length > Length)
        {
            return $"AE title is {title.Length} characters, more than {Length}";
        }
        foreach (var c in title)
        {
            if (c is < ' ' or > '~' or '\\')
            {
                return $"AE title holds the character 0x{(int)c:X2}";
            }
        }
        return title.Trim(' ').Length == 0 ? "AE title is empty or only spaces" : null;
    }

    public static void Write(Span<byte> destination, string title)
    {
        if (Problem(title) is { } problem)
        {
            throw new ArgumentException(problem, nameof(title));
        }
        destination[..Length].Fill((byte)' ');
        Encoding.ASCII.GetBytes(title, destination);
    }

    /// <summary>Reads a 16-byte field; when <paramref name="validate"/> is false (A-ASSOCIATE-AC) only the padding is removed.</summary>
    public static string Read(ReadOnlySpan<byte> field, bool validate, string which)
    {
        field = field[..Length];
        if (validate && field.ContainsAnyExceptInRange((byte)' ', (byte)'~'))
        {
            throw new DicomNetworkProtocolException(
                AbortReason.InvalidPduParameterValue, $"{which}: AE title holds the byte 0x{field[field.IndexOfAnyExceptInRange((byte)' ', (byte)'~')]:X2}");
        }
        var raw = Encoding.ASCII.GetString(field);
        if (validate && Problem(raw) is { } problem)
        {
            throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"{which}: {problem}");
        }
        return raw.Trim(' ');
    }
}
