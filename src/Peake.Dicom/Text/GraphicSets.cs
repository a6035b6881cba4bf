using System.Text;

namespace Peake.Dicom;

/// <summary>
/// The graphic character sets DICOM names in PS3.3 C.12.1.1.2 (Tables C.12-2 to C.12-5), with the Final Bytes of
/// their ISO/IEC 2022 escape sequences. Single-byte and CJK tables come from .NET's code pages (CodePagesEncodingProvider,
/// part of the shared framework); JIS X 0212, which .NET lacks, from a generated table.
/// </summary>
internal static class GraphicSets
{
    public static readonly GraphicSet Ascii = new("ISO-IR 6", GraphicSetSize.Chars94, (byte)'B', () => Build94(i => (char)i));

    /// <summary>ISO-IR 14, JIS X 0201 romaji: ASCII but 05/12 is YEN SIGN and 07/14 OVERLINE (PS3.5 H.1.1).</summary>
    public static readonly GraphicSet JisRoman = new("ISO-IR 14", GraphicSetSize.Chars94, (byte)'J', () =>
        Build94(i => i switch { 0x5C => '\u00A5', 0x7E => '\u203E', _ => (char)i }));

    /// <summary>ISO-IR 13, JIS X 0201 katakana: the half-width katakana block of Unicode, in order.</summary>
    public static readonly GraphicSet JisKatakana = new("ISO-IR 13", GraphicSetSize.Chars94, (byte)'I', () =>
        Build94(i => i <= 0x5F ? (char)(0xFF61 + i - 0x21) : '\0'));

    public static readonly GraphicSet Latin1 = Upper("ISO-IR 100", 'A', 28591);
    public static readonly GraphicSet Latin2 = Upper("ISO-IR 101", 'B', 28592);
    public static readonly GraphicSet Latin3 = Upper("ISO-IR 109", 'C', 28593);
    public static readonly GraphicSet Latin4 = Upper("ISO-IR 110", 'D', 28594);
    public static readonly GraphicSet Cyrillic = Upper("ISO-IR 144", 'L', 28595);
    public static readonly GraphicSet Arabic = Upper("ISO-IR 127", 'G', 28596);

    // .NET has the 1987 tables of ISO 8859-7 and -8; the current Unicode mappings (and glibc, hence dcmtk) differ here.
    public static readonly GraphicSet Greek = Upper("ISO-IR 126", 'F', 28597, (0xA1, '\u2018'), (0xA2, '\u2019'), (0xA4, '\u20AC'), (0xA5, '\u20AF'), (0xAA, '\u037A'));
    public static readonly GraphicSet Hebrew = Upper("ISO-IR 138", 'H', 28598, (0xAF, '\u00AF'), (0xFD, '\u200E'), (0xFE, '\u200F'));
    public static readonly GraphicSet Latin5 = Upper("ISO-IR 148", 'M', 28599);
    public static readonly GraphicSet Latin9 = Upper("ISO-IR 203", 'b', 28605);

    /// <summary>ISO-IR 166, TIS 620-2533 (Thai); windows-874 agrees with it on 0xA1..0xFB.</summary>
    public static readonly GraphicSet Thai = Upper("ISO-IR 166", 'T', 874);

    public static readonly GraphicSet JisX0208 = DoubleByte("JIS X 0208", 'B', 20932);

    public static readonly GraphicSet JisX0212 = new("JIS X 0212", GraphicSetSize.Chars94x94, (byte)'D', BuildJisX0212);

    // Code page 949's KS X 1001 part is right where 51949 is not (0xB4D3); 02/72 was added by KS X 1001:2002.
    public static readonly GraphicSet KsX1001 = DoubleByte("KS X 1001", 'C', 949, (0xA2E8, '\u327E'));

    // 20936 maps 0xA1AC to PARALLEL TO; GB 2312 has DOUBLE VERTICAL LINE there (as glibc and GBK do).
    public static readonly GraphicSet Gb2312 = DoubleByte("GB 2312", 'A', 20936, (0xA1AC, '\u2016'));

    private static readonly GraphicSet[] All =
    [
        Ascii, JisRoman, JisKatakana, Latin1, Latin2, Latin3, Latin4, Cyrillic, Arabic, Greek, Hebrew, Latin5, Latin9, Thai,
        JisX0208, JisX0212, KsX1001, Gb2312,
    ];

    /// <summary>The set an escape sequence designates, by its size and Final Byte; null for sets DICOM does not use.</summary>
    public static GraphicSet? Find(GraphicSetSize size, byte finalByte)
    {
        // ESC $ @ designates JIS C 6226-1978, the predecessor of JIS X 0208 that old Japanese systems still emit.
        if (size == GraphicSetSize.Chars94x94 && finalByte == (byte)'@')
        {
            return JisX0208;
        }

        foreach (var set in All)
        {
            if (set.Size == size && set.FinalByte == finalByte)
            {
                return set;
            }
        }

        return null;
    }

    /// <summary>A .NET code page decoding bad bytes to U+FFFD and refusing to encode what it lacks (never a silent '?').</summary>
    internal static Encoding CodePage(int codePage)
    {
        var decoderFallback = new DecoderReplacementFallback("\uFFFD");
        return CodePagesEncodingProvider.Instance.GetEncoding(codePage, EncoderFallback.ExceptionFallback, decoderFallback)
            ?? Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, decoderFallback);
    }

    private static char[] Build94(Func<int, char> map)
    {
        var table = new char[128];
        for (var i = 0x21; i <= 0x7E; i++)
        {
            table[i] = map(i);
        }

        return table;
    }

    /// <summary>The upper half (0xA0..0xFF) of an 8-bit ISO 8859 style code page as a 96-character G1 set.</summary>
    private static GraphicSet Upper(string name, char finalByte, int codePage, params (int Code, char Char)[] overrides) =>
        new(name, GraphicSetSize.Chars96, (byte)finalByte, () =>
        {
            var encoding = CodePage(codePage);
            var table = new char[128];
            Span<char> chars = stackalloc char[2];
            for (var i = 0x20; i <= 0x7F; i++)
            {
                ReadOnlySpan<byte> code = [(byte)(i | 0x80)];
                var n = encoding.GetChars(code, chars);
                table[i] = n == 1 && IsAssigned(chars[0]) ? chars[0] : '\0';
            }

            foreach (var (code, c) in overrides)
            {
                table[code & 0x7F] = c;
            }

            return table;
        });

    /// <summary>A 94x94 set read from an EUC-form .NET code page, where row and cell are sent with their high bits set.</summary>
    private static GraphicSet DoubleByte(string name, char finalByte, int codePage, params (int Code, char Char)[] overrides) =>
        new(name, GraphicSetSize.Chars94x94, (byte)finalByte, () =>
        {
            var encoding = CodePage(codePage);
            var table = new char[94 * 94];
            Span<char> chars = stackalloc char[4];
            Span<byte> code = stackalloc byte[2];
            for (var i = 0; i < table.Length; i++)
            {
                code[0] = (byte)(0xA1 + (i / 94));
                code[1] = (byte)(0xA1 + (i % 94));
                var n = encoding.GetChars(code, chars);
                table[i] = n == 1 && IsAssigned(chars[0]) ? chars[0] : '\0';
            }

            foreach (var (euc, c) in overrides)
            {
                table[((((euc >> 8) & 0x7F) - 0x21) * 94) + ((euc & 0x7F) - 0x21)] = c;
            }

            return table;
        });

    private static char[] BuildJisX0212()
    {
        var table = new char[94 * 94];
        var rows = JisX0212Table.Rows;
        for (var row = 0; row < rows.Length; row++)
        {
            rows[row].CopyTo(table.AsSpan(row * 94));
        }

        return table;
    }

    // Code pages fill their gaps with U+FFFD or private-use characters (windows-874 does); neither is a real mapping.
    private static bool IsAssigned(char c) => c != '\uFFFD' && c is not (>= '\uE000' and <= '\uF8FF');
}
