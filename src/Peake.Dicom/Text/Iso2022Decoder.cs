using System.Buffers;

namespace Peake.Dicom;

/// <summary>
/// Decodes a value written with ISO/IEC 2022 code extensions (PS3.5 6.1.2.5). Bytes 0x21..0x7E are read with the set in
/// G0 and 0xA0..0xFF with the set in G1; escape sequences designate other sets; at the delimiters of
/// <see cref="TextDelimiters"/> the initial sets come back. Never throws: an unknown escape sequence falls back to the
/// default repertoire in G0 and undecodable bytes become U+FFFD, because a record must stay readable.
/// </summary>
internal static class Iso2022Decoder
{
    private const char Replacement = '\uFFFD';

    public static string Decode(ReadOnlySpan<byte> bytes, DicomVR vr, Iso2022Profile profile)
    {
        // Every byte yields at most one UTF-16 char (all sets here are in the BMP), so the output fits in bytes.Length.
        char[]? rented = null;
        var output = bytes.Length <= 512 ? stackalloc char[bytes.Length] : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
        bool multiValued = vr.IsMultiValued, personName = vr == DicomVR.PN;
        var n = 0;
        var g0 = profile.InitialG0;
        var g1 = profile.InitialG1;
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == TextDelimiters.Escape)
            {
                i = Designate(bytes, i, ref g0, ref g1, output, ref n);
                continue;
            }

            if (b < 0x80 && (b <= 0x20 || !g0.IsDoubleByte) && TextDelimiters.IsDelimiter(b, multiValued, personName))
            {
                g0 = profile.InitialG0;

                // Conforming data designates G1 again after a delimiter; data that does not keeps its G1 set.
                g1 = profile.InitialG1 ?? g1;
                output[n++] = (char)b;
                i++;
            }
            else if (b <= 0x20 || b == 0x7F)
            {
                // Controls and SPACE are the same in every set (ISO/IEC 2022: SP is not part of a 94-set).
                output[n++] = (char)b;
                i++;
            }
            else if (b < 0x80)
            {
                i += ReadCode(bytes, i, g0, 0x21, output, ref n);
            }
            else if (b < 0xA0)
            {
                // C1 controls: what the ISO 8859 decoders (and dcmtk) produce.
                output[n++] = (char)b;
                i++;
            }
            else if ((g1 ?? profile.FallbackG1) is { } set)
            {
                i += ReadCode(bytes, i, set, 0xA1, output, ref n);
            }
            else
            {
                output[n++] = Replacement;
                i++;
            }
        }

        var text = new string(output[..n]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return text;
    }

    /// <summary>
    /// Without escape sequences the sets never change, so each byte maps to one char: <paramref name="map"/> holds the
    /// 256 chars (see <see cref="BuildByteMap"/>).
    /// </summary>
    public static string DecodeFixed(ReadOnlySpan<byte> bytes, char[] map)
    {
        char[]? rented = null;
        var output = bytes.Length <= 512 ? stackalloc char[bytes.Length] : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
        for (var i = 0; i < bytes.Length; i++)
        {
            output[i] = map[bytes[i]];
        }

        var text = new string(output[..bytes.Length]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return text;
    }

    /// <summary>The byte-to-char map of a profile's initial sets, for values without escape sequences.</summary>
    public static char[] BuildByteMap(Iso2022Profile profile, bool multiValued)
    {
        var map = new char[256];
        for (var b = 0; b < 256; b++)
        {
            map[b] = b switch
            {
                <= 0x20 or 0x7F or (>= 0x80 and < 0xA0) => (char)b,
                0x5C when multiValued => '\\',
                < 0x80 => Or(profile.InitialG0.Decode((byte)b)),
                _ => profile.InitialG1 is { IsDoubleByte: false } g1 ? Or(g1.Decode((byte)b)) : Replacement,
            };
        }

        return map;
    }

    /// <summary>Decodes the character at <paramref name="i"/> with <paramref name="set"/>; returns the bytes used.</summary>
    private static int ReadCode(ReadOnlySpan<byte> bytes, int i, GraphicSet set, byte low, Span<char> output, ref int n)
    {
        if (!set.IsDoubleByte)
        {
            output[n++] = Or(set.Table[bytes[i] & 0x7F]);
            return 1;
        }

        // Both bytes of a two-byte code lie in the same half: 0x21..0x7E in GL, 0xA1..0xFE in GR.
        var high = (byte)(low + 0x5D);
        if (i + 1 < bytes.Length && bytes[i + 1] >= low && bytes[i + 1] <= high)
        {
            output[n++] = Or(set.Decode(bytes[i], bytes[i + 1]));
            return 2;
        }

        output[n++] = Replacement;
        return 1;
    }

    /// <summary>
    /// Reads the escape sequence at <paramref name="i"/> (ESC, intermediate bytes 02/00..02/15, a final byte
    /// 03/00..07/14, ISO/IEC 2022 13.1) and applies the designation it makes; returns the index after it.
    /// </summary>
    private static int Designate(ReadOnlySpan<byte> bytes, int i, ref GraphicSet g0, ref GraphicSet? g1, Span<char> output, ref int n)
    {
        var j = i + 1;
        while (j < bytes.Length && bytes[j] is >= 0x20 and <= 0x2F)
        {
            j++;
        }

        if (j >= bytes.Length || bytes[j] is < 0x30 or > 0x7E)
        {
            // A broken sequence: show that something was there, and go on after it.
            output[n++] = Replacement;
            return j;
        }

        var intermediates = bytes[(i + 1)..j];
        var final = bytes[j];
        (GraphicSetSize Size, bool ToG1)? kind = intermediates switch
        {
            [(byte)'('] => (GraphicSetSize.Chars94, false),
            [(byte)')'] => (GraphicSetSize.Chars94, true),
            [(byte)'-'] => (GraphicSetSize.Chars96, true),
            [(byte)'$'] when final is (byte)'@' or (byte)'A' or (byte)'B' => (GraphicSetSize.Chars94x94, false),
            [(byte)'$', (byte)'('] => (GraphicSetSize.Chars94x94, false),
            [(byte)'$', (byte)')'] => (GraphicSetSize.Chars94x94, true),
            _ => null,
        };

        var set = kind is { } k ? GraphicSets.Find(k.Size, final) : null;
        if (set is null)
        {
            // Unknown or unsupported: the default repertoire is the best guess for what follows in GL.
            if (kind is { ToG1: true })
            {
                g1 = null;
            }
            else
            {
                g0 = GraphicSets.Ascii;
            }
        }
        else if (kind!.Value.ToG1)
        {
            g1 = set;
        }
        else
        {
            g0 = set;
        }

        return j + 1;
    }

    private static char Or(char c) => c == '\0' ? Replacement : c;
}
