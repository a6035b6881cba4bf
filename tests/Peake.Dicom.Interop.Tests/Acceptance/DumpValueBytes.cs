using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// Implicit VR carries no VR (PS3.5 7.1.3), so dcmdump shows an element it reads from implicit VR by its dictionary's VR,
/// or as "??"/"UN" bytes when the tag is unknown (private), "xs" for US-or-SS, "OW" for pixel data; and an implicit
/// element written as explicit VR becomes UN (PS3.5 6.2.2). Such a line can still be compared with the same element
/// shown under its real VR, by turning both shown values back into their bytes. Listings are Latin-1, so text values
/// turn back into their bytes exactly.
/// </summary>
internal static class DumpValueBytes
{
    // VRs dcmdump shows for an element whose VR it had to guess or could not know.
    private static readonly HashSet<string> GuessedVRs = ["??", "UN", "xs", "ox", "lt", "OW", "OB"];

    /// <summary>True when two element lines show the same element and the same value bytes under different VRs.</summary>
    public static bool SameElementUnderAnotherVR(DcmdumpElement expected, DcmdumpElement actual)
    {
        if (expected.Tag != actual.Tag || expected.Depth != actual.Depth || expected.Length != actual.Length || expected.VR == actual.VR
            || !(GuessedVRs.Contains(expected.VR) || GuessedVRs.Contains(actual.VR)))
        {
            return false;
        }

        if (IsFloat(expected.VR) || IsFloat(actual.VR))
        {
            return FloatsMatch(expected, actual) || FloatsMatch(actual, expected);
        }

        var e = Bytes(expected.VR, expected.Value);
        var a = Bytes(actual.VR, actual.Value);
        return e is not null && a is not null && TrimPadding(e).SequenceEqual(TrimPadding(a));
    }

    private static bool IsFloat(string vr) => vr is "FL" or "FD" or "OF" or "OD";

    // A float VR shown as numbers against the same bytes shown raw: compare at the precision dcmdump prints.
    private static bool FloatsMatch(DcmdumpElement shown, DcmdumpElement raw)
    {
        if (!IsFloat(shown.VR) || Bytes(raw.VR, raw.Value) is not { } bytes)
        {
            return false;
        }

        var size = shown.VR is "FL" or "OF" ? 4 : 8;
        var numbers = Split(shown.Value);
        if (numbers.Length * size != bytes.Length)
        {
            return false;
        }

        for (var i = 0; i < numbers.Length; i++)
        {
            var stored = size == 4 ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)) : BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8));
            if (!double.TryParse(numbers[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var printed)
                || Math.Abs(printed - stored) > 1e-5 * Math.Max(1, Math.Abs(stored)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The bytes a dcmdump value stands for, or null when the text cannot say them exactly.</summary>
    public static byte[]? Bytes(string vr, string value)
    {
        if (value == "(no value available)")
        {
            return [];
        }

        if (value.EndsWith("...", StringComparison.Ordinal))
        {
            return null; // shortened by dcmdump
        }

        try
        {
            return vr switch
            {
                "??" or "UN" or "OB" => Split(value).Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray(),
                "OW" or "ox" or "lt" => Split(value).SelectMany(h => LittleEndian(ushort.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture), 2)).ToArray(),
                "US" or "SS" or "xs" => Integers(value, 2),
                "UL" or "SL" or "up" or "OL" => Integers(value, 4),
                "SV" or "UV" or "OV" => Integers(value, 8),
                "AT" => Split(value).SelectMany(t => LittleEndian(ushort.Parse(t[1..5], NumberStyles.HexNumber, CultureInfo.InvariantCulture), 2)
                    .Concat(LittleEndian(ushort.Parse(t[6..10], NumberStyles.HexNumber, CultureInfo.InvariantCulture), 2))).ToArray(),
                _ when value.StartsWith('[') && value.EndsWith(']') => Encoding.Latin1.GetBytes(value[1..^1]),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static string[] Split(string value) => value.Split('\\');

    private static byte[] Integers(string value, int size) =>
        Split(value).SelectMany(n => LittleEndian(n.StartsWith('-') ? (ulong)long.Parse(n, CultureInfo.InvariantCulture) : ulong.Parse(n, CultureInfo.InvariantCulture), size)).ToArray();

    private static IEnumerable<byte> LittleEndian(ulong value, int size)
    {
        for (var i = 0; i < size; i++)
        {
            yield return (byte)(value >> (8 * i));
        }
    }

    // PS3.5 6.2: text is padded with a space, UI and binary values with a NUL, to an even length.
    private static ReadOnlySpan<byte> TrimPadding(byte[] bytes) => bytes.AsSpan().TrimEnd((byte)' ').TrimEnd((byte)0);
}
