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
        var output = new Output(text.Length);
        try
        {
            bool multiValued = vr.IsMultiValued, personName = vr == DicomVR.PN;
            var g0 = profile.InitialG0;
            var g1 = profile.InitialG1;
            foreach (var c in text)
            {
                if (TextDelimiters.IsDelimiter(c, multiValued, personName))
                {
                    Restore(ref output, profile, ref g0, ref g1);
                    output.Add((byte)c);
                }
                else if (c <= ' ' || c == '\x7F')
                {
                    output.Add((byte)c);
                }
                else if (TryCode(g0, false, c, multiValued, personName, out var code))
                {
                    output.AddCode(g0, code, 0x00);
                }
                else if (g1 is not null && g1.TryEncode(c, out code))
                {
                    output.AddCode(g1, code, 0x80);
                }
                else if (!TryDesignate(ref output, profile, c, multiValued, personName, ref g0, ref g1))
                {
                    throw new EncoderFallbackException(
                        $"The character '{c}' (U+{(int)c:X4}) has no code in Specific Character Set '{profile.Description}'");
                }
            }

            Restore(ref output, profile, ref g0, ref g1);
            return output.ToArray();
        }
        finally
        {
            output.Dispose();
        }
    }

    private static bool TryDesignate(ref Output output, Iso2022Profile profile, char c, bool multiValued, bool personName, ref GraphicSet g0, ref GraphicSet? g1)
    {
        foreach (var (set, toG1) in profile.Designations)
        {
            if (set == (toG1 ? g1 : g0) || !TryCode(set, toG1, c, multiValued, personName, out var code))
            {
                continue;
            }

            AddDesignation(ref output, set, toG1);
            if (toG1)
            {
                g1 = set;
            }
            else
            {
                g0 = set;
            }

            output.AddCode(set, code, toG1 ? (byte)0x80 : (byte)0x00);
            return true;
        }

        return false;
    }

    /// <summary>Designates the initial sets again where they were replaced.</summary>
    private static void Restore(ref Output output, Iso2022Profile profile, ref GraphicSet g0, ref GraphicSet? g1)
    {
        if (g0 != profile.InitialG0)
        {
            g0 = profile.InitialG0;
            AddDesignation(ref output, g0, false);
        }

        if (g1 != profile.InitialG1)
        {
            // Without an initial G1 set nothing can be designated; decoders forget G1 at the delimiter (PS3.5 I.2, K.2).
            g1 = profile.InitialG1;
            if (g1 is not null)
            {
                AddDesignation(ref output, g1, true);
            }
        }
    }

    /// <summary>
    /// The code of <paramref name="c"/> in <paramref name="set"/>, unless it would read as a delimiter: JIS X 0201's
    /// YEN SIGN is 05/12, which separates values in SH, LO, PN and UC (PS3.5 H.1.1 note 3).
    /// </summary>
    private static bool TryCode(GraphicSet set, bool inG1, char c, bool multiValued, bool personName, out ushort code) =>
        set.TryEncode(c, out code) && (inG1 || set.IsDoubleByte || !TextDelimiters.IsDelimiter(code, multiValued, personName));

    /// <summary>PS3.3 Tables C.12-3 and C.12-4: ESC ( F, ESC ) F, ESC - F, ESC $ F, ESC $ ( F, ESC $ ) F.</summary>
    private static void AddDesignation(ref Output output, GraphicSet set, bool toG1)
    {
        const byte Esc = TextDelimiters.Escape;
        var f = set.FinalByte;
        switch (set.Size)
        {
            case GraphicSetSize.Chars94:
                output.Add(Esc, toG1 ? (byte)')' : (byte)'(', f);
                break;
            case GraphicSetSize.Chars96:
                output.Add(Esc, (byte)'-', f);
                break;
            case GraphicSetSize.Chars94x94 when toG1:
                output.Add(Esc, (byte)'$', (byte)')', f);
                break;
            case GraphicSetSize.Chars94x94 when f is (byte)'@' or (byte)'A' or (byte)'B':
                output.Add(Esc, (byte)'$', f);
                break;
            default:
                output.Add(Esc, (byte)'$', (byte)'(', f);
                break;
        }
    }

    /// <summary>A growable byte buffer on the array pool.</summary>
    private struct Output(int chars) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent((chars * 2) + 16);
        private int _length;

        public void Add(byte b)
        {
            Reserve(1);
            _buffer[_length++] = b;
        }

        public void Add(params ReadOnlySpan<byte> bytes)
        {
            Reserve(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_length));
            _length += bytes.Length;
        }

        public void AddCode(GraphicSet set, ushort code, byte high)
        {
            Reserve(2);
            if (set.IsDoubleByte)
            {
                _buffer[_length++] = (byte)((code >> 8) | high);
            }

            _buffer[_length++] = (byte)((code & 0xFF) | high);
        }

        public readonly byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        private void Reserve(int count)
        {
            if (_length + count <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
