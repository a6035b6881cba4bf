using System.Buffers;
using System.Text;

namespace Peake.Dicom;

/// <summary>
/// Encodes text with ISO/IEC 2022 code extensions the way PS3.5 Annexes H, I and K show: each character goes to the set
/// already in G0 or G1 if it has it, else to the first declared set that has it, announced by that set's escape sequence;
/// before each delimiter and at the end of the value the initial sets are designated again (PS3.5 6.1.2.5.3).
/// </summary>
internal static class Iso2022Encoder
{
    public static byte[] Encode(string text, DicomVR vr, Iso2022Profile profile)
    {
        var output = new ArrayBufferWriter<byte>(text.Length + 8);
        var g0 = profile.InitialG0;
        var g1 = profile.InitialG1;
        foreach (var c in text)
        {
            if (TextDelimiters.IsDelimiter(c, vr))
            {
                Restore(output, profile, ref g0, ref g1);
                Write(output, (byte)c);
            }
            else if (c <= ' ' || c == '\x7F')
            {
                Write(output, (byte)c);
            }
            else if (TryCode(g0, false, c, vr, out var code))
            {
                WriteCode(output, g0, code, 0x00);
            }
            else if (g1 is not null && TryCode(g1, true, c, vr, out code))
            {
                WriteCode(output, g1, code, 0x80);
            }
            else if (!TryDesignate(output, profile, c, vr, ref g0, ref g1))
            {
                throw new EncoderFallbackException(
                    $"The character '{c}' (U+{(int)c:X4}) has no code in Specific Character Set '{profile.Description}'");
            }
        }

        Restore(output, profile, ref g0, ref g1);
        return output.WrittenSpan.ToArray();
    }

    private static bool TryDesignate(ArrayBufferWriter<byte> output, Iso2022Profile profile, char c, DicomVR vr, ref GraphicSet g0, ref GraphicSet? g1)
    {
        foreach (var (set, toG1) in profile.Designations)
        {
            if (set == (toG1 ? g1 : g0) || !TryCode(set, toG1, c, vr, out var code))
            {
                continue;
            }

            WriteDesignation(output, set, toG1);
            if (toG1)
            {
                g1 = set;
            }
            else
            {
                g0 = set;
            }

            WriteCode(output, set, code, toG1 ? (byte)0x80 : (byte)0x00);
            return true;
        }

        return false;
    }

    /// <summary>Designates the initial sets again where they were replaced.</summary>
    private static void Restore(ArrayBufferWriter<byte> output, Iso2022Profile profile, ref GraphicSet g0, ref GraphicSet? g1)
    {
        if (g0 != profile.InitialG0)
        {
            g0 = profile.InitialG0;
            WriteDesignation(output, g0, false);
        }

        if (g1 != profile.InitialG1)
        {
            // Without an initial G1 set nothing can be designated; decoders forget G1 at the delimiter (PS3.5 I.2, K.2).
            g1 = profile.InitialG1;
            if (g1 is not null)
            {
                WriteDesignation(output, g1, true);
            }
        }
    }

    /// <summary>
    /// The code of <paramref name="c"/> in <paramref name="set"/>, unless it would read as a delimiter: JIS X 0201's
    /// YEN SIGN is 05/12, which separates values in SH, LO, PN and UC (PS3.5 H.1.1 note 3).
    /// </summary>
    private static bool TryCode(GraphicSet set, bool inG1, char c, DicomVR vr, out ushort code) =>
        set.TryEncode(c, out code) && (inG1 || set.IsDoubleByte || !TextDelimiters.IsDelimiter(code, vr));

    private static void WriteCode(ArrayBufferWriter<byte> output, GraphicSet set, ushort code, byte high)
    {
        if (set.IsDoubleByte)
        {
            Write(output, (byte)((code >> 8) | high), (byte)((code & 0xFF) | high));
        }
        else
        {
            Write(output, (byte)(code | high));
        }
    }

    /// <summary>PS3.3 Tables C.12-3 and C.12-4: ESC ( F, ESC ) F, ESC - F, ESC $ F, ESC $ ( F, ESC $ ) F.</summary>
    private static void WriteDesignation(ArrayBufferWriter<byte> output, GraphicSet set, bool toG1)
    {
        const byte Esc = TextDelimiters.Escape;
        var f = set.FinalByte;
        switch (set.Size)
        {
            case GraphicSetSize.Chars94:
                Write(output, Esc, toG1 ? (byte)')' : (byte)'(', f);
                break;
            case GraphicSetSize.Chars96:
                Write(output, Esc, (byte)'-', f);
                break;
            case GraphicSetSize.Chars94x94 when toG1:
                Write(output, Esc, (byte)'$', (byte)')', f);
                break;
            case GraphicSetSize.Chars94x94 when f is (byte)'@' or (byte)'A' or (byte)'B':
                Write(output, Esc, (byte)'$', f);
                break;
            default:
                Write(output, Esc, (byte)'$', (byte)'(', f);
                break;
        }
    }

    private static void Write(ArrayBufferWriter<byte> output, params ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
